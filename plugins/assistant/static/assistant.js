/* Street assistant: answers questions from the street's own index, in the browser.
   Intents are found by keywords (Korean and English); answers are built with textContent only,
   so nothing from the data is ever parsed as HTML. When nothing matches, it says so and gives the
   association's contact. */
(function () {
  "use strict";
  var root = document.getElementById("sk-assistant");
  if (!root) return;
  var toggle = root.querySelector(".sk-toggle"), panel = root.querySelector(".sk-panel");
  var form = root.querySelector("form"), input = root.querySelector("input"), log = root.querySelector(".sk-log");
  var base = root.dataset.root, lang = document.documentElement.lang === "en" ? "en" : "ko";
  var index = null;
  // Opening hours follow the theme's one rule (hours.js: breaks, past midnight); pages that do not
  // show hours have not loaded it, so the assistant does.
  // Answers wait for it: "open now" asked before it arrived would find every shop closed.
  var hoursReady = window.streetkitHours || !root.dataset.hours ? Promise.resolve() : new Promise(function (done) {
    var hoursScript = document.createElement("script");
    hoursScript.src = root.dataset.hours;
    hoursScript.onload = hoursScript.onerror = function () { done(); };
    document.head.appendChild(hoursScript);
  });

  var WORDS = {
    programmes: ["지원사업", "지원 사업", "지원금", "보조금", "마감", "신청", "support", "grant", "programme", "program", "deadline", "apply"],
    events: ["행사", "이벤트", "축제", "장터", "야시장", "교육", "이번 주", "이번주", "주말", "event", "festival", "market", "workshop", "this week", "weekend", "what's on"],
    parking: ["주차", "parking", "park my", "car park", "where can i park"],
    currency: ["상품권", "지역화폐", "사랑상품권", "제로페이", "온누리", "gift", "voucher", "zeropay", "onnuri", "local currency"],
    open: ["문 연", "문연", "열었", "열려", "영업 중", "영업중", "지금", "open now", "open right now", "is open", "are open", "open?"]
  };
  var T = {
    ko: { none: "잘 모르겠어요. 상인회에 물어보시면 정확히 알려 드릴 거예요.", more: "전체 보기",
          currency: function (n, c) { return c + josa(c, "을", "를") + " 받는 가게는 " + n + "곳이에요."; },
          buy: function (w) { return "사는 곳: " + w; },
          openNow: function (n, what) { what = what || "가게"; return "지금 문을 연 " + what + josa(what, "은", "는") + " " + n + "곳이에요."; },
          noneOpen: function (what) { what = what || "가게"; return "지금 문을 연 " + what + josa(what, "이", "가") + " 없어요. 영업시간은 가게 페이지에서 확인하세요."; },
          parking: "주차할 수 있는 곳이에요.", noParking: "등록된 주차장 정보가 없어요.",
          events: function (n) { return "이번 주 행사는 " + n + "건이에요."; },
          nextEvent: "이번 주에는 행사가 없어요. 가장 가까운 행사예요.", noEvents: "예정된 행사가 없어요.",
          programmes: function (n) { return "지금 신청할 수 있는 지원사업은 " + n + "건이에요. 마감이 가까운 순서예요."; },
          noProgrammes: "지금 신청할 수 있는 지원사업이 없어요.",
          found: function (n) { return "찾은 가게 " + n + "곳이에요."; }, closes: "마감", shop: "가게", map: "지도에서 보기" },
    en: { none: "I don't know that one. The merchants' association can tell you.", more: "See all",
          currency: function (n, c) { return n + " shops take the " + c + "."; },
          buy: function (w) { return "Buy it at: " + w; },
          openNow: function (n, what) { return n + " " + (what ? what.toLowerCase() : "shop") + (n === 1 ? " is" : "s are") + " open right now."; },
          noneOpen: function (what) { return "No " + (what || "shop") + " is open right now. Each shop's page has its hours."; },
          parking: "Where to park:", noParking: "No car park is listed.",
          events: function (n) { return n + " event(s) this week."; },
          nextEvent: "Nothing this week. The next event:", noEvents: "No events are planned.",
          programmes: function (n) { return n + " programme(s) open to apply, nearest deadline first."; },
          noProgrammes: "No support programme is open right now.",
          found: function (n) { return n + " shop(s) found."; }, closes: "closes", shop: "shops", map: "See on the map" }
  };

  // 을/를, 이/가, 은/는: the particle depends on whether the word ends in a final consonant.
  function josa(word, withFinal, without) {
    var c = word.charCodeAt(word.length - 1) - 0xac00;
    return c >= 0 && c <= 11171 && c % 28 !== 0 ? withFinal : without;
  }
  var DAYS = { ko: ["일", "월", "화", "수", "목", "금", "토"], en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] };
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // "2026-12-12T11:00" → "12. 12.(토) 11:00" / "Sat 12 Dec 11:00" (the date is already Seoul time).
  function when(iso, l) {
    var d = new Date(iso.slice(0, 10) + "T00:00:00Z"), day = DAYS[l][d.getUTCDay()], time = iso.slice(11, 16);
    var text = l === "ko" ? (d.getUTCMonth() + 1) + ". " + d.getUTCDate() + ".(" + day + ")"
                          : day + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()];
    return time ? text + " " + time : text;
  }
  function norm(s) { return (s || "").toLowerCase().replace(/\s+/g, ""); }
  function has(q, words) { return words.some(function (w) { return q.indexOf(norm(w)) !== -1; }); }
  function pick(ko, en, l) { return l === "en" && en ? en : ko; }
  function seoulNow() {
    var d = new Date(Date.now() + 9 * 3600 * 1000);
    return { day: (d.getUTCDay() + 6) % 7, min: d.getUTCHours() * 60 + d.getUTCMinutes(), date: d.toISOString().slice(0, 10) };
  }
  function isOpen(h, t) {
    return !!h && !!window.streetkitHours && window.streetkitHours.isOpen(h, t);
  }
  function daysBetween(a, b) { return Math.round((Date.parse(b) - Date.parse(a)) / 86400000); }

  // Everyday words for the trades the index names (a visitor says 식당, the data says 음식).
  var SYNONYMS = { "식당": "음식", "밥집": "음식", "음식점": "음식", "맛집": "음식", "먹을": "음식",
                   "restaurant": "Food", "food": "Food", "커피": "카페", "coffee": "카페", "cafe": "카페",
                   "빵집": "제과", "빵": "제과", "bakery": "제과" };
  // What kind of shop a question names ("카페", "bakery"): words from the index's own trades.
  function trades(q, l) {
    var found = [];
    Object.keys(SYNONYMS).forEach(function (w) { if (q.indexOf(w) !== -1) found.push(SYNONYMS[w]); });
    index.merchants.forEach(function (m) {
      [m.s[0], m.s[1], m.c[0], m.c[1]].concat(m.t).forEach(function (w) {
        if (w && norm(w).length >= 2 && q.indexOf(norm(w)) !== -1 && found.indexOf(w) === -1) found.push(w);
      });
    });
    return found;
  }
  function matches(m, words) {
    if (!words.length) return true;
    var hay = norm([m.s[0], m.s[1], m.c[0], m.c[1]].concat(m.t).join(" "));
    return words.some(function (w) { return hay.indexOf(norm(w)) !== -1; });
  }
  function shopItem(m, l) {
    return { label: pick(m.n, m.ne, l), url: "merchants/" + m.id + "/", note: pick(m.s[0], m.s[1], l) };
  }

  function answer(raw, l) {
    var q = norm(raw), t = T[l], now = seoulNow();
    for (var i = 0; i < index.faq.length; i++) {
      if (has(q, index.faq[i].k)) return { text: pick(index.faq[i].a, index.faq[i].ae, l) };
    }
    if (has(q, WORDS.programmes)) {
      var ps = index.programmes.filter(function (p) { return p.c >= now.date; });
      if (!ps.length) return { text: t.noProgrammes };
      return { text: t.programmes(ps.length), more: index.pages.programmes, items: ps.map(function (p) {
        var d = daysBetween(now.date, p.c);
        return { label: pick(p.n, p.ne, l), url: "programmes/#" + p.id, note: t.closes + " " + when(p.c, l) + " (D-" + d + ")" };
      }) };
    }
    if (has(q, WORDS.parking)) {
      if (!index.parking.length) return { text: t.noParking, contact: true };
      return { text: t.parking, items: index.parking.map(function (p) {
        return { label: pick(p.n, p.ne, l), url: index.pages.map, note: t.map };
      }) };
    }
    if (has(q, WORDS.currency) && index.currency) {
      var takers = index.merchants.filter(function (m) { return m.p.indexOf("local") !== -1; });
      var name = pick(index.currency.n, index.currency.ne, l);
      var text = t.currency(takers.length, name) + (index.currency.buy.length ? " " + t.buy(index.currency.buy.join(", ")) : "");
      return { text: text, more: index.pages.currency, items: takers.slice(0, 6).map(function (m) { return shopItem(m, l); }) };
    }
    var kinds = trades(q, l);
    if (has(q, WORDS.open)) {
      var open = index.merchants.filter(function (m) { return matches(m, kinds) && isOpen(m.h, now); });
      // Name the trade as the visitor did ("식당"), not as the data does ("음식").
      var what = Object.keys(SYNONYMS).filter(function (w) { return q.indexOf(w) !== -1; })[0] || kinds[0] || "";
      if (!open.length) return { text: t.noneOpen(what) };
      return { text: t.openNow(open.length, what), items: open.slice(0, 8).map(function (m) { return shopItem(m, l); }) };
    }
    if (has(q, WORDS.events)) {
      var soon = [], next = null;
      index.events.forEach(function (e) {
        e.d.forEach(function (d) {
          var gap = daysBetween(now.date, d.slice(0, 10));
          if (gap >= 0 && gap <= 7) soon.push({ e: e, d: d });
          if (gap >= 0 && (!next || d < next.d)) next = { e: e, d: d };
        });
      });
      soon.sort(function (a, b) { return a.d < b.d ? -1 : 1; });
      var list = soon.length ? soon : next ? [next] : [];
      if (!list.length) return { text: t.noEvents };
      return { text: soon.length ? t.events(soon.length) : t.nextEvent, more: index.pages.events, items: list.map(function (x) {
        return { label: pick(x.e.n, x.e.ne, l), url: "events/" + x.e.id + "/", note: when(x.d, l) + (x.e.pl ? " · " + x.e.pl : "") };
      }) };
    }
    var named = index.merchants.filter(function (m) {
      var n = norm(m.n), ne = norm(m.ne);
      return (n.length >= 2 && q.indexOf(n) !== -1) || (ne.length >= 3 && q.indexOf(ne) !== -1);
    });
    if (!named.length && kinds.length) named = index.merchants.filter(function (m) { return matches(m, kinds); });
    if (named.length) {
      return { text: t.found(named.length), items: named.slice(0, 8).map(function (m) {
        var item = shopItem(m, l);
        if (m.tel) item.note = (item.note ? item.note + " · " : "") + m.tel;
        return item;
      }) };
    }
    return { text: t.none, contact: true };
  }

  function say(who, text) {
    var p = document.createElement("p");
    p.className = "sk-msg sk-" + who;
    p.textContent = text;
    log.appendChild(p);
    return p;
  }
  function show(a, l) {
    var box = say("bot", a.text);
    if (a.items && a.items.length) {
      var ul = document.createElement("ul");
      a.items.forEach(function (it) {
        var li = document.createElement("li"), link = document.createElement("a");
        link.href = base + it.url;
        link.textContent = it.label;
        li.appendChild(link);
        if (it.note) { var s = document.createElement("span"); s.textContent = " " + it.note; li.appendChild(s); }
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    if (a.more) {
      var more = document.createElement("a");
      more.href = base + (l === "en" ? "en/" : "") + a.more;  // the site's language folders (streetkit.lang_prefix)
      more.textContent = T[l].more;
      more.className = "sk-more";
      box.appendChild(more);
    }
    if (a.contact) {
      var c = index.contact, line = document.createElement("span");
      line.className = "sk-contact";
      line.textContent = c.n + (c.tel ? " · " + c.tel : "") + (c.mail ? " · " + c.mail : "");
      box.appendChild(line);
    }
    log.scrollTop = log.scrollHeight;
  }
  function load() {
    if (index) return Promise.resolve(index);
    return Promise.all([fetch(root.dataset.index).then(function (r) { return r.json(); }), hoursReady])
      .then(function (got) { index = got[0]; return index; });
  }
  function ask(question) {
    if (!question.trim()) return;
    say("me", question);
    load().then(function () {
      // Answer in the language of the question: Hangul means Korean, whatever the page.
      show(answer(question, /[\uac00-\ud7a3]/.test(question) ? "ko" : "en"), lang);
    });
  }

  function setOpen(opening) {
    panel.hidden = !opening;
    toggle.setAttribute("aria-expanded", String(opening));
    if (opening) { load(); input.focus(); }
  }
  toggle.addEventListener("click", function () { setOpen(panel.hidden); });
  // The page's loader calls this once the script has arrived (the first click opened it).
  window.streetkitAssistant = { open: function () { setOpen(true); } };
  form.addEventListener("submit", function (ev) { ev.preventDefault(); ask(input.value); input.value = ""; });
  root.querySelectorAll(".sk-chips button").forEach(function (b) {
    b.addEventListener("click", function () { ask(b.textContent); });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !panel.hidden) { panel.hidden = true; toggle.setAttribute("aria-expanded", "false"); toggle.focus(); }
  });
})();
