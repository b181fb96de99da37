/* Street assistant: answers questions from the street's own index, in the browser.
   A question is read into what it asks for — a shop by name, the shops that match some conditions
   (trade, open now / today / on a day / late, delivery, each payment form, access), a place on the
   map by kind, events by name or date, programmes by name, deadline or state, the gift currency's
   facts — and answered from the index. When the data has no answer it says so and hands over to a
   person (the association's phone and chat channel), never a list of unrelated shops.
   Answers are built with textContent only, so nothing from the data is ever parsed as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("sk-assistant");
  if (!root) return;
  var toggle = root.querySelector(".sk-toggle"), panel = root.querySelector(".sk-panel");
  var form = root.querySelector("form"), input = root.querySelector("input"), log = root.querySelector(".sk-log");
  var base = root.dataset.root, lang = document.documentElement.lang === "en" ? "en" : "ko";
  var index = null;
  // Opening hours follow the theme's one rule (hours.js: breaks, past midnight, monthly closures);
  // pages that do not show hours have not loaded it, so the assistant does, and answers wait for it:
  // "open now" asked before it arrived would find every shop closed.
  var hoursReady = window.streetkitHours || !root.dataset.hours ? Promise.resolve() : new Promise(function (done) {
    var hoursScript = document.createElement("script");
    hoursScript.src = root.dataset.hours;
    hoursScript.onload = hoursScript.onerror = function () { done(); };
    document.head.appendChild(hoursScript);
  });

  // What questions say, in Korean (matched with spaces removed; one-syllable words as words of
  // their own) and English (matched at word starts, plurals allowed).
  var W = {
    now: ["지금", "현재", "문 연", "문연", "열린", "열려", "영업 중", "영업중", "open now", "right now", "now", "currently"],
    today: ["오늘", "today"],
    tonight: ["오늘 밤", "오늘밤", "tonight"],
    late: ["늦게", "늦은", "밤늦", "심야", "야간", "새벽", "밤에", "밤 10시", "late", "night", "midnight"],
    weekend: ["주말", "weekend"],
    days: [["월요일", "월욜", "monday"], ["화요일", "화욜", "tuesday"], ["수요일", "수욜", "wednesday"], ["목요일", "목욜", "thursday"],
           ["금요일", "금욜", "friday"], ["토요일", "토욜", "saturday"], ["일요일", "일욜", "sunday"]],
    delivery: ["배달", "delivery", "deliver", "delivers"],
    zeropay: ["제로페이", "zeropay", "zero pay"],
    onnuri: ["온누리", "onnuri"],
    local: ["상품권", "지역화폐", "지역 화폐", "사랑상품권", "gift certificate", "gift card", "voucher", "local currency"],
    forms: { paper: ["지류", "종이", "paper"], mobile: ["모바일", "mobile"], card: ["카드형", "충전식 카드", "card"] },
    step_free: ["휠체어", "턱 없", "턱없", "계단 없", "계단없", "경사로", "wheelchair", "step-free", "step free", "accessible"],
    accessible_toilet: ["장애인 화장실", "장애인화장실", "accessible toilet"],
    stroller: ["유모차", "stroller", "pram", "buggy"],
    shopParking: ["주차 되는", "주차되는", "주차 가능", "주차가능", "주차할 수 있는 가게", "with parking"],
    places: { parking: ["주차", "parking", "car park", "park"], toilet: ["화장실", "toilet", "restroom", "bathroom", "washroom"],
              bus: ["버스", "정류장", "bus"], subway: ["지하철", "subway", "metro"], office: ["상인회 사무실", "사무실", "office"],
              info: ["안내소", "고객지원센터", "고객센터", "information", "info desk"], atm: ["현금인출기", "현금 인출", "atm", "cash machine"],
              centre: ["지원센터", "성장지원센터", "코워킹", "공유 오피스", "공유오피스", "스튜디오", "co-working", "coworking", "studio",
                       "support centre", "support center"] },
    events: ["행사", "이벤트", "축제", "장터", "야시장", "교육", "강좌", "event", "festival", "market", "workshop", "what's on", "whats on", "class"],
    programmes: ["지원사업", "지원 사업", "지원금", "보조금", "마감", "신청", "접수", "support", "grant", "programme", "program",
                 "deadline", "apply", "application"],
    soon: ["마감 임박", "마감임박", "곧 마감", "마감 가까운", "closing soon", "deadline soon", "due soon", "soon"],
    buy: ["어디서 사", "어디서 살", "어디서사", "구입", "구매", "사는 곳", "살 수 있", "충전", "where to buy", "where can i buy", "buy", "top up"],
    limit: ["한도", "얼마까지", "최대", "limit", "how much can"],
    discount: ["할인", "discount", "% off", "cheaper"],
    phone: ["전화", "번호", "연락처", "phone", "number", "call"],
    address: ["주소", "위치", "어디", "address", "where"],
    when: ["언제", "날짜", "몇 시", "when", "what time", "date"],
    ranges: { today: ["오늘", "today", "tonight"], tomorrow: ["내일", "tomorrow"], weekend: ["주말", "weekend"],
              nextWeek: ["다음 주", "다음주", "next week"], week: ["이번 주", "이번주", "금주", "this week"],
              month: ["이번 달", "이번달", "this month"], nextMonth: ["다음 달", "다음달", "next month"] }
  };
  // Words too common in titles to name one event or programme by.
  var GENERIC = ["행사", "이벤트", "시장", "골목", "장터", "지원", "사업", "지원사업", "신청", "소상공인", "2026", "2027",
                 "market", "event", "support", "programme", "program", "grant", "shop", "shops", "store", "with", "your", "from",
                 "this", "that", "what", "when", "where", "getting", "open", "skills"];
  var PARTICLES = /(에서는|에서|으로|이랑|한테|까지|부터|이요|이야|은|는|이|가|을|를|에|의|도|만|로|랑|요|야)$/;

  var T = {
    ko: { none: "잘 모르겠어요. 상인회에 물어보시면 정확히 알려 드릴 거예요.", more: "전체 보기", shop: "가게",
          count: function (phrase, what, n) { return phrase + what + josa(what, "은", "는") + " " + n + "곳이에요."; },
          nothing: function (phrase, what) { return phrase + what + josa(what, "이", "가") + " 없어요."; },
          noTrade: function (what) { return "이 골목에는 " + what + josa(what, "이", "가") + " 없어요."; },
          now: "지금 문을 연", today: "오늘 문을 여는", late: "밤 10시에도 문을 여는", weekend: "주말에 문을 여는",
          day: function (d) { return DAYS.ko[(d + 1) % 7] + "요일에 문을 여는"; },
          delivery: "배달되는", zeropay: "제로페이 되는", onnuri: "온누리상품권 받는",
          local: function (c, f) { return c + (f ? "(" + FORMS.ko[f] + ")" : "") + josa(f ? ")" : c, "을", "를") + " 받는"; },
          access: { step_free: "휠체어로 들어갈 수 있는", accessible_toilet: "장애인 화장실이 있는", stroller: "유모차가 들어가는", parking: "주차할 수 있는" },
          buy: function (w) { return "사는 곳: " + w; }, limit: function (w) { return "한 사람이 한 달에 " + w + "까지 살 수 있어요."; },
          discount: function (d) { return d + "% 할인된 값으로 살 수 있어요."; },
          hoursToday: function (span) { return "오늘 " + span + " 영업해요."; }, closedToday: "오늘은 쉬는 날이에요.",
          hoursOn: function (d, span) { return DAYS.ko[(d + 1) % 7] + "요일 " + span + " 영업해요."; },
          closedOn: function (d) { return DAYS.ko[(d + 1) % 7] + "요일은 쉬는 날이에요."; },
          openNow: "지금 영업 중이에요.", closedNow: "지금은 문을 닫았어요.", onBreak: "지금은 쉬는 시간이에요.",
          tel: "전화", address: "주소", yes: function (n, what) { return n + josa(n, "은", "는") + " " + what + " 곳이에요."; },
          no: function (n, what) { return n + josa(n, "은", "는") + " " + what + " 곳이 아니에요."; },
          places: function (k) { return ({ parking: "주차할 수 있는 곳이에요.", toilet: "화장실이 있는 곳이에요.", bus: "가까운 정류장이에요.",
                                           subway: "가까운 역이에요.", office: "사무실 위치예요.", info: "안내받을 수 있는 곳이에요.",
                                           atm: "현금을 찾을 수 있는 곳이에요.", centre: "소상공인 지원센터예요. 공간 예약과 교육은 센터 안내를 보세요." })[k] || "이곳이에요."; },
          noPlace: "등록된 장소 정보가 없어요.", map: "지도에서 보기",
          events: function (n) { return "행사가 " + n + "건 있어요."; }, eventsWeek: function (n) { return "이번 주 행사는 " + n + "건이에요."; },
          nextEvent: "그때는 행사가 없어요. 가장 가까운 행사예요.", noEvents: "예정된 행사가 없어요.",
          programmes: function (n) { return "지금 신청할 수 있거나 곧 열리는 지원사업은 " + n + "건이에요. 마감이 가까운 순서예요."; },
          soon: function (n) { return "2주 안에 마감되는 지원사업은 " + n + "건이에요."; }, noSoon: "2주 안에 마감되는 지원사업이 없어요.",
          noProgrammes: "지금 신청할 수 있는 지원사업이 없어요.",
          open: function (c, d) { return "신청 중 · 마감 " + c + " (D-" + d + ")"; }, coming: function (o) { return o + "부터 신청 (아직 접수 전)"; },
          online: "온라인 신청", email: "이메일 신청", visit: "방문 신청", ask: "문의", chat: { kakao: "카카오톡 채널로 묻기", naver_talk: "네이버 톡톡으로 묻기" } },
    en: { none: "I don't know that one. The merchants' association can tell you.", more: "See all", shop: "shop",
          count: function (phrase, what, n) { return n + " " + plural(what, n) + " " + phrase + "."; },
          nothing: function (phrase, what) { return "No " + what + " " + phrase + "."; },
          noTrade: function (what) { return "There is no " + what + " on this street."; },
          now: "open right now", today: "open today", late: "open at 10 pm", weekend: "open at the weekend",
          day: function (d) { return "open on " + DAYS.enLong[(d + 1) % 7]; },
          delivery: "deliver", zeropay: "take ZeroPay", onnuri: "take Onnuri vouchers",
          local: function (c, f) { return "take the " + c + (f ? " (" + f + ")" : ""); },
          access: { step_free: "with step-free access", accessible_toilet: "with an accessible toilet", stroller: "with room for a stroller", parking: "with parking" },
          buy: function (w) { return "Buy it at: " + w; }, limit: function (w) { return "Up to " + w + " per person per month."; },
          discount: function (d) { return "Sold at " + d + "% off."; },
          hoursToday: function (span) { return "Open today " + span + "."; }, closedToday: "Closed today.",
          hoursOn: function (d, span) { return "Open on " + DAYS.enLong[(d + 1) % 7] + " " + span + "."; },
          closedOn: function (d) { return "Closed on " + DAYS.enLong[(d + 1) % 7] + "."; },
          openNow: "Open now.", closedNow: "Closed right now.", onBreak: "On a break right now.",
          tel: "Phone", address: "Address", yes: function (n, what) { return "Yes: " + n + " " + what + "."; },
          no: function (n, what) { return "No: " + n + " does not " + what.replace(/^take/, "take") + "."; },
          places: function (k) { return ({ parking: "Where to park:", toilet: "Toilets:", bus: "The nearest stop:", subway: "The nearest station:",
                                           office: "The office:", info: "Where to ask:", atm: "Cash machines:",
                                           centre: "The support centre (rooms to book, classes):" })[k] || "Here:"; },
          noPlace: "No such place is listed.", map: "See on the map",
          events: function (n) { return n + " event(s)."; }, eventsWeek: function (n) { return n + " event(s) this week."; },
          nextEvent: "Nothing then. The next event:", noEvents: "No events are planned.",
          programmes: function (n) { return n + " programme(s) open or opening soon, nearest deadline first."; },
          soon: function (n) { return n + " programme(s) close within two weeks."; }, noSoon: "No programme closes within two weeks.",
          noProgrammes: "No support programme is open right now.",
          open: function (c, d) { return "open · closes " + c + " (D-" + d + ")"; }, coming: function (o) { return "opens " + o; },
          online: "Apply online", email: "Apply by e-mail", visit: "In person", ask: "Questions", chat: { kakao: "Ask on KakaoTalk", naver_talk: "Ask on Naver TalkTalk" } }
  };
  var DAYS = { ko: ["일", "월", "화", "수", "목", "금", "토"], en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
               enLong: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] };
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var FORMS = { ko: { paper: "지류", mobile: "모바일", card: "카드" } };

  // 을/를, 이/가, 은/는: the particle depends on whether the word ends in a final consonant.
  function josa(word, withFinal, without) {
    var c = word.charCodeAt(word.length - 1) - 0xac00;
    return c >= 0 && c <= 11171 && c % 28 !== 0 ? withFinal : without;
  }
  function plural(w, n) { return n === 1 || /s$/.test(w) ? w : /[^aeiou]y$/.test(w) ? w.slice(0, -1) + "ies" : w + "s"; }
  // "2026-12-12T11:00" → "12. 12.(토) 11:00" / "Sat 12 Dec 11:00" (the date is already Seoul time).
  function when(iso, l) {
    var d = new Date(iso.slice(0, 10) + "T00:00:00Z"), day = DAYS[l][d.getUTCDay()], time = iso.slice(11, 16);
    var text = l === "ko" ? (d.getUTCMonth() + 1) + ". " + d.getUTCDate() + ".(" + day + ")"
                          : day + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()];
    return time ? text + " " + time : text;
  }
  function won(n, l) {
    if (l === "en") return n.toLocaleString("en") + " won";
    return n % 10000 === 0 ? (n / 10000).toLocaleString("ko") + "만 원" : n.toLocaleString("ko") + "원";
  }
  function hhmm(min) { min %= 1440; return ("0" + Math.floor(min / 60)).slice(-2) + ":" + ("0" + (min % 60)).slice(-2); }
  function pick(ko, en, l) { return l === "en" && en ? en : ko; }
  function addDays(iso, n) { return new Date(Date.parse(iso) + n * 86400000).toISOString().slice(0, 10); }
  function daysBetween(a, b) { return Math.round((Date.parse(b) - Date.parse(a)) / 86400000); }
  function now() {  // weekday 0 = Monday, minutes, the week of the month (hours.js), and the Seoul date
    var t = window.streetkitHours.seoulNow();
    t.date = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
    return t;
  }
  function at(t, day, min) { return { day: day, min: min, week: t.week, lastWeek: t.lastWeek }; }
  function isOpen(h, t) { return !!h && window.streetkitHours.isOpen(h, t); }
  function isOpenSomeTime(h, t) {  // today's hours, unless this is one of its monthly closed days
    var s = h.d[t.day];
    return !!s && isOpen(h, at(t, t.day, s[0]));
  }
  function lev(a, b) {  // edit distance, for names typed with a slip
    var row = [], i, j, prev, tmp;
    for (j = 0; j <= b.length; j++) row[j] = j;
    for (i = 1; i <= a.length; i++) {
      prev = row[0]; row[0] = i;
      for (j = 1; j <= b.length; j++) {
        tmp = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return row[b.length];
  }

  // A question, read three ways: without spaces (Korean), as words (one-syllable Korean words,
  // particles removed) and padded with spaces (English word starts).
  function Question(raw) {
    var low = raw.toLowerCase();
    this.q = low.replace(/[\s?!.,~·'"]+/g, "");
    this.sp = " " + low.replace(/[^0-9a-z\u00c0-\u024f\uac00-\ud7a3%']+/g, " ").replace(/'/g, "") + " ";
    this.tokens = low.split(/[^0-9a-z\u00c0-\u024f\uac00-\ud7a3]+/).filter(Boolean).map(function (t) { return t.replace(PARTICLES, "") || t; });
  }
  Question.prototype.has = function (w) {
    if (/[a-z]/.test(w)) {
      var at = this.sp.indexOf(" " + w.replace(/'/g, ""));
      if (at === -1) return false;
      var after = this.sp.slice(at + w.length + 1);
      return /^(s|es)?\s/.test(after);
    }
    var n = w.replace(/\s+/g, "");
    if (n.length === 1) return this.tokens.some(function (t) { return t === n || t === n + "집"; });
    return this.q.indexOf(n) !== -1;
  };
  Question.prototype.any = function (words) { var self = this; return words.some(function (w) { return self.has(w); }); };
  Question.prototype.first = function (words) {  // the longest: "한의원" rather than the "의원" inside it
    var self = this;
    return words.filter(function (w) { return self.has(w); }).sort(function (a, b) { return b.length - a.length; })[0];
  };

  function handOff(l) { return { text: T[l].none, contact: true, kind: "none" }; }
  function shopItem(m, l, note) { return { label: pick(m.n, m.ne, l), url: "merchants/" + m.id + "/", note: note || pick(m.s[0], m.s[1], l), id: m.id }; }
  function spanOf(h, day) { var s = h && h.d[day]; return s ? hhmm(s[0]) + "~" + hhmm(s[1]) : ""; }

  // --- shops by name -------------------------------------------------------------------------
  function byName(Q) {
    var exact = index.merchants.filter(function (m) {
      var n = m.n.toLowerCase().replace(/\s+/g, ""), ne = m.ne.toLowerCase();
      return (n.length >= 2 && Q.q.indexOf(n) !== -1) || (ne.length >= 3 && Q.sp.indexOf(" " + ne + " ") !== -1);
    });
    if (exact.length) return exact;
    return index.merchants.filter(function (m) {  // one slip in a name of four syllables or more
      var n = m.n.toLowerCase().replace(/\s+/g, "");
      if (n.length < 4) return false;
      for (var len = n.length - 1; len <= n.length + 1; len++) {
        for (var i = 0; i + len <= Q.q.length; i++) if (lev(n, Q.q.substr(i, len)) <= 1) return true;
      }
      return false;
    });
  }
  // A word of the question inside shops' names ("국밥집" → 신안국밥), once nothing else matched.
  function byNameWord(Q) {
    var found = [];
    found.words = [];
    Q.tokens.forEach(function (t) {
      var w = t.replace(/집$/, "");
      if (w.length < 2 || !/[\uac00-\ud7a3]/.test(w) || GENERIC.indexOf(w) !== -1) return;
      index.merchants.forEach(function (m) {
        if (m.n.indexOf(w) === -1) return;
        if (found.indexOf(m) === -1) found.push(m);
        if (found.words.indexOf(t) === -1) found.words.push(t);
      });
    });
    return found;
  }
  function aboutShops(shops, Q, l, c) {
    var t = T[l], lines = [], items = [];
    var asked = { conds: c && (c.pay.length || c.delivery || c.access.length) };
    shops.slice(0, 3).forEach(function (m) {
      var name = pick(m.n, m.ne, l), parts = [name + ":"];
      if (asked.conds) {
        var ok = shopMatches(m, c), phrase = describe(c, l).join(" ");
        lines.push(ok ? t.yes(name, phrase) : t.no(name, phrase));
      } else {
        if (c.time === "day" && c.day !== c.t.day) {  // "토요일에 해요?": that day's hours
          var other = spanOf(m.h, c.day);
          parts.push(other ? t.hoursOn(c.day, other) : t.closedOn(c.day));
        } else {
          var span = spanOf(m.h, c.t.day);
          parts.push(span ? t.hoursToday(span) : t.closedToday);
          if (span) parts.push(isOpen(m.h, c.t) ? t.openNow : inBreak(m.h, c.t) ? t.onBreak : t.closedNow);
        }
        if (m.tel) parts.push(t.tel + " " + m.tel);
        var addr = pick(m.a, m.ae, l);
        if (addr && (Q.any(W.address) || !Q.any(W.phone))) parts.push(t.address + " " + addr);
        lines.push(parts.join(" "));
      }
      items.push(shopItem(m, l, m.tel));
      if (m.ch) items.push({ label: t.chat[m.ch[0]] || m.ch[0], url: m.ch[1] });
    });
    return { text: lines.join("\n"), items: items, ids: shops.map(function (m) { return m.id; }), kind: "shop" };
  }
  function inBreak(h, t) { return !!h.b && t.min >= h.b[0] && t.min < h.b[1] && !!h.d[t.day]; }

  // --- shops by conditions -------------------------------------------------------------------
  function conditions(Q, t) {
    var c = { trade: null, word: "", tags: [], time: null, day: null, delivery: false, pay: [], access: [], t: t };
    index.v.forEach(function (entry) {
      var w = c.trade ? null : Q.first(entry[0]);
      if (w) { c.trade = entry[1]; c.word = w; }
    });
    index.merchants.forEach(function (m) {  // the street's own trade words ("냉면") and tags ("포장")
      if (!c.trade && m.s[0].length >= 2 && Q.has(m.s[0])) { c.trade = "s:" + m.s[0]; c.word = m.s[0] + " 가게"; }
      if (!c.trade && m.s[1].length >= 3 && Q.has(m.s[1].toLowerCase())) { c.trade = "s:" + m.s[0]; c.word = m.s[1].toLowerCase() + " shop"; }
      m.t.forEach(function (tag) {
        if (tag.length >= 2 && W.delivery.indexOf(tag) === -1 && c.tags.indexOf(tag) === -1 && Q.has(tag.toLowerCase())) c.tags.push(tag);
      });
    });
    W.days.forEach(function (words, d) { if (Q.any(words)) c.day = d; });
    if (Q.any(W.late) || Q.any(W.tonight)) c.time = "late";
    else if (c.day !== null) c.time = "day";
    else if (Q.any(W.weekend)) c.time = "weekend";
    else if (Q.any(W.now)) c.time = "now";
    else if (Q.any(W.today)) c.time = "today";
    c.delivery = Q.any(W.delivery);
    if (Q.any(W.zeropay)) c.pay.push("zeropay");
    var onnuri = Q.any(W.onnuri), currencyNamed = index.currency && (Q.has(index.currency.n) || Q.has(index.currency.ne.toLowerCase()));
    if (onnuri) c.pay.push("onnuri");
    // "온누리상품권" says 상품권 too: the local currency only when it is named or Onnuri is not.
    if (index.currency && (currencyNamed || (Q.any(W.local) && !onnuri))) {
      var form = Object.keys(W.forms).filter(function (f) { return Q.any(W.forms[f]); })[0];
      c.pay.push(form ? "local:" + form : "local");
    }
    ["accessible_toilet", "step_free", "stroller"].forEach(function (k) {
      if (Q.any(W[k]) && !(k === "step_free" && c.access.indexOf("accessible_toilet") !== -1)) c.access.push(k);
    });
    if (Q.any(W.shopParking)) c.access.push("parking");
    return c;
  }
  function anyCondition(c) { return !!(c.trade || c.tags.length || c.time || c.delivery || c.pay.length || c.access.length); }
  function tradeMatches(m, rule) {
    if (!rule) return true;
    var kind = rule[0], values = rule.slice(2).split("|");
    if (kind === "c") return values.indexOf(m.c) !== -1;
    if (kind === "s") return values.indexOf(m.s[0]) !== -1;
    return values.some(function (v) { return m.t.indexOf(v) !== -1; });
  }
  function timeMatches(m, c) {
    var t = c.t;
    if (!c.time) return true;
    if (!m.h) return false;
    if (c.time === "now") return isOpen(m.h, t);
    if (c.time === "today") return isOpenSomeTime(m.h, t);
    if (c.time === "weekend") return !!(m.h.d[5] || m.h.d[6]);
    if (c.time === "day") return !!m.h.d[c.day];
    var day = c.day === null ? t.day : c.day;  // late: still open at 10 pm that day
    return isOpen(m.h, at(t, day, 22 * 60));
  }
  function shopMatches(m, c) {
    return tradeMatches(m, c.trade) && timeMatches(m, c) && (!c.delivery || m.dl === 1) &&
      c.tags.every(function (tag) { return m.t.indexOf(tag) !== -1; }) &&
      c.pay.every(function (p) { return m.p.indexOf(p) !== -1; }) &&
      c.access.every(function (a) { return m.ac.indexOf(a) !== -1; });
  }
  function describe(c, l) {  // the conditions, as words before (ko) or after (en) the trade
    var t = T[l], out = [];
    if (c.time === "now") out.push(t.now);
    else if (c.time === "today") out.push(t.today);
    else if (c.time === "late") out.push(t.late);
    else if (c.time === "weekend") out.push(t.weekend);
    else if (c.time === "day") out.push(t.day(c.day));
    if (c.delivery) out.push(t.delivery);
    c.pay.forEach(function (p) {
      if (p === "zeropay" || p === "onnuri") out.push(t[p]);
      else out.push(t.local(pick(index.currency.n, index.currency.ne, l), p.split(":")[1]));
    });
    c.access.forEach(function (a) { out.push(t.access[a]); });
    c.tags.forEach(function (tag) { out.push(l === "ko" ? tag + " 가능한" : "with " + tag); });
    return out;
  }
  function shops(c, l) {
    var t = T[l];
    if (c.trade === "none") return { text: t.noTrade(c.word), contact: true, ids: [], kind: "none" };
    var found = index.merchants.filter(function (m) { return shopMatches(m, c); });
    var what = c.word || t.shop, words = describe(c, l);
    var phrase = l === "ko" ? (words.length ? words.join(" ") + " " : "") : words.join(", ");
    if (l === "en" && !words.length) phrase = "on this street";
    var showHours = c.time === "today" || c.time === "day" || c.time === "late" || c.time === "now";
    var day = c.time === "day" ? c.day : c.t.day;
    var a = { kind: "shops", ids: found.map(function (m) { return m.id; }),
              items: found.slice(0, 8).map(function (m) { return shopItem(m, l, showHours ? spanOf(m.h, day) : ""); }) };
    a.text = found.length ? t.count(phrase, what, found.length) : t.nothing(phrase, what);
    if (c.pay.some(function (p) { return p.indexOf("local") === 0; }) && index.currency.buy.length) {
      a.text += " " + t.buy(pick(index.currency.buy.join(", "), index.currency.buye.join(", "), l));
      a.more = index.pages.currency;
    }
    if (found.length > 8) a.more = a.more || "merchants/";
    if (!found.length) a.contact = true;
    return a;
  }

  // --- places, currency, events, programmes --------------------------------------------------
  function places(kind, l) {
    var list = index.places.filter(function (p) { return p.k === kind; });
    if (!list.length) return { text: T[l].noPlace, contact: true, kind: "none" };
    return { text: T[l].places(kind), kind: "places", ids: list.map(function (p) { return p.n; }), items: list.map(function (p) {
      return p.u ? { label: pick(p.n, p.ne, l), url: (l === "en" ? "en/" : "") + p.u } : { label: pick(p.n, p.ne, l), url: index.pages.map, note: T[l].map };
    }) };
  }
  function currencyFacts(Q, l) {
    var c = index.currency, t = T[l], out = [];
    if (Q.any(W.buy) && c.buy.length) out.push(t.buy(pick(c.buy.join(", "), c.buye.join(", "), l)));
    if (Q.any(W.limit) && c.lim) out.push(t.limit(won(c.lim, l)));
    if (Q.any(W.discount) && c.dc) out.push(t.discount(c.dc));
    return out.length ? { text: pick(c.n, c.ne, l) + ": " + out.join(" "), more: index.pages.currency, kind: "currency" } : null;
  }
  function titleWords(title) {
    return title.toLowerCase().split(/[\s·—,:()]+/).filter(function (w) {  // English words of four letters or more
      return w.length >= (/[a-z]/.test(w) ? 4 : 2) && GENERIC.indexOf(w) === -1;
    });
  }
  function named(list, Q) {
    return list.filter(function (x) {
      return titleWords(x.n).concat(titleWords(x.ne)).some(function (w) { return w.length >= 2 && Q.has(w); });
    });
  }
  function range(Q, t) {
    var r = W.ranges, d = t.date, wd = t.day;
    if (Q.any(r.tomorrow)) return [addDays(d, 1), addDays(d, 1)];
    if (Q.any(r.nextWeek)) return [addDays(d, 7 - wd), addDays(d, 13 - wd)];
    if (Q.any(r.weekend)) return wd === 6 ? [d, d] : [addDays(d, 5 - wd), addDays(d, 6 - wd)];
    if (Q.any(r.today)) return [d, d];
    if (Q.any(r.nextMonth)) { var n = new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7), 1)); return [n.toISOString().slice(0, 10), new Date(Date.UTC(n.getUTCFullYear(), n.getUTCMonth() + 1, 0)).toISOString().slice(0, 10)]; }
    if (Q.any(r.month)) return [d, new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7), 0)).toISOString().slice(0, 10)];
    if (Q.any(r.week)) return [d, addDays(d, 7)];
    return null;
  }
  function events(Q, l, t, which) {
    var span = range(Q, t), list = [], T_ = T[l];
    (which || index.events).forEach(function (e) {
      e.d.forEach(function (d) {
        var day = d.slice(0, 10);
        if (day >= t.date && (!span || (day >= span[0] && day <= span[1]))) list.push({ e: e, d: d });
      });
    });
    list.sort(function (a, b) { return a.d < b.d ? -1 : 1; });
    var text;
    if (which) { list = list.slice(0, 3); text = list.length ? T_.events(list.length) : T_.noEvents; }
    else if (!span) {  // no date asked: this week's, or the next one
      var week = list.filter(function (x) { return x.d.slice(0, 10) <= addDays(t.date, 7); });
      text = week.length ? T_.eventsWeek(week.length) : list.length ? T_.nextEvent : T_.noEvents;
      list = week.length ? week : list.slice(0, 1);
    } else if (!list.length) {
      var next = [];
      index.events.forEach(function (e) { e.d.forEach(function (d) { if (d.slice(0, 10) >= t.date) next.push({ e: e, d: d }); }); });
      next.sort(function (a, b) { return a.d < b.d ? -1 : 1; });
      list = next.slice(0, 1);
      text = list.length ? T_.nextEvent : T_.noEvents;
      return { text: text, kind: "events", ids: [], more: index.pages.events, items: items(list) };
    } else text = T_.events(list.length);
    function items(xs) {
      return xs.map(function (x) { return { label: pick(x.e.n, x.e.ne, l), url: "events/" + x.e.id + "/", note: when(x.d, l) + (x.e.pl ? " · " + x.e.pl : "") }; });
    }
    var ids = [];
    list.forEach(function (x) { if (ids.indexOf(x.e.id) === -1) ids.push(x.e.id); });
    return { text: text, kind: "events", ids: ids, more: index.pages.events, items: items(list) };
  }
  function programmeNote(p, l, t) {
    if (p.o && p.o > t.date) return T[l].coming(when(p.o, l));
    return T[l].open(when(p.c, l), daysBetween(t.date, p.c));
  }
  function programmes(Q, l, t) {
    var T_ = T[l], open = index.programmes.filter(function (p) { return p.c >= t.date; });
    var mine = named(open, Q);
    if (mine.length) {
      var lines = [], items = [];
      mine.forEach(function (p) {
        lines.push(pick(p.n, p.ne, l) + ": " + programmeNote(p, l, t));
        items.push({ label: pick(p.n, p.ne, l), url: "programmes/#" + p.id, note: programmeNote(p, l, t) });
        if (p.how[0]) items.push({ label: T_.online, url: p.how[0] });
        if (p.how[1]) items.push({ label: T_.email + " · " + p.how[1], url: "programmes/#" + p.id });
        if (p.how[2]) lines.push(T_.visit + ": " + p.how[2]);
        if (p.tel) lines.push(T_.ask + ": " + p.tel);
      });
      return { text: lines.join("\n"), items: items, ids: mine.map(function (p) { return p.id; }), kind: "programmes", more: index.pages.programmes };
    }
    if (Q.any(W.soon)) {
      var soon = open.filter(function (p) { return !(p.o && p.o > t.date) && daysBetween(t.date, p.c) <= 14; });
      return { text: soon.length ? T_.soon(soon.length) : T_.noSoon, kind: "programmes", more: index.pages.programmes,
               ids: soon.map(function (p) { return p.id; }),
               items: soon.map(function (p) { return { label: pick(p.n, p.ne, l), url: "programmes/#" + p.id, note: programmeNote(p, l, t) }; }) };
    }
    if (!open.length) return { text: T_.noProgrammes, kind: "programmes", ids: [] };
    return { text: T_.programmes(open.length), more: index.pages.programmes, kind: "programmes", ids: open.map(function (p) { return p.id; }),
             items: open.map(function (p) { return { label: pick(p.n, p.ne, l), url: "programmes/#" + p.id, note: programmeNote(p, l, t) }; }) };
  }

  function answer(raw, l) {
    var Q = new Question(raw), t = now();
    var c = conditions(Q, t);
    // The association's own answers, unless the question asks for shops ("장애인 화장실 있는 가게").
    for (var i = 0; i < index.faq.length && !anyCondition(c); i++) {
      if (Q.any(index.faq[i].k.map(function (k) { return k.toLowerCase(); }))) return { text: pick(index.faq[i].a, index.faq[i].ae, l), kind: "faq" };
    }
    var shopsNamed = byName(Q);
    if (shopsNamed.length) return aboutShops(shopsNamed, Q, l, c);
    // A word that names shops and holds a trade word ("국밥집" holds 밥집): the shops it names.
    var partial = byNameWord(Q);
    if (partial.length && c.word && partial.words.some(function (w) {
      return w.indexOf(c.word) > 0 && w.replace(/집$/, "") !== c.word;
    })) return aboutShops(partial, Q, l, c);
    // A place named with a longer phrase than a programme word wins: "support centre" is not "support".
    var kind = null, placeWord = "", programmeWord = Q.first(W.programmes) || "";
    Object.keys(W.places).forEach(function (k) {
      var w = Q.first(W.places[k]);
      if (w && w.length > placeWord.length) { kind = k; placeWord = w; }
    });
    if (kind && !anyCondition(c) && placeWord.length > programmeWord.length) return places(kind, l);
    if (programmeWord || named(index.programmes, Q).length && !anyCondition(c)) return programmes(Q, l, t);
    if (index.currency && (c.pay.length) && (Q.any(W.buy) || Q.any(W.limit) || Q.any(W.discount))) {
      var facts = currencyFacts(Q, l);
      if (facts) return facts;
    }
    if (kind && !anyCondition(c)) return places(kind, l);
    var which = named(index.events, Q), eventWords = Q.any(W.events);
    if (which.length && (eventWords || !anyCondition(c))) return events(Q, l, t, which);
    if (eventWords && !c.trade) return events(Q, l, t, null);
    if (anyCondition(c)) return shops(c, l);
    if (partial.length) return aboutShops(partial, Q, l, c);
    if (range(Q, t) && index.events.length) return events(Q, l, t, null);
    return handOff(l);
  }

  function say(who, text) {
    var p = document.createElement("p");
    p.className = "sk-msg sk-" + who;
    p.textContent = text;
    log.appendChild(p);
    return p;
  }
  function href(url) { return /^(https?|mailto|tel):/.test(url) ? url : base + url; }
  function show(a, l) {
    var box = say("bot", a.text);
    if (a.items && a.items.length) {
      var ul = document.createElement("ul");
      a.items.forEach(function (it) {
        var li = document.createElement("li"), link = document.createElement("a");
        link.href = href(it.url);
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
    if (a.contact) {  // the hand-off to a person: the association's phone, e-mail and chat channel
      var c = index.contact, line = document.createElement("span");
      line.className = "sk-contact";
      line.textContent = pick(c.n, c.ne, l);
      [c.tel && ["tel:" + c.tel.replace(/[^0-9+]/g, ""), c.tel], c.mail && ["mailto:" + c.mail, c.mail],
       c.ch && [c.ch[1], T[l].chat[c.ch[0]] || c.ch[0]]].forEach(function (way) {
        if (!way) return;
        var link = document.createElement("a");
        link.href = way[0];
        link.textContent = way[1];
        line.appendChild(document.createTextNode(" · "));
        line.appendChild(link);
      });
      box.appendChild(line);
    }
    log.scrollTop = log.scrollHeight;
  }
  function load() {
    if (index) return Promise.resolve(index);
    return Promise.all([fetch(root.dataset.index).then(function (r) { return r.json(); }), hoursReady])
      .then(function (got) { index = got[0]; return index; });
  }
  // Answer in the language of the question: Hangul means Korean, whatever the page.
  function reply(question) {
    return load().then(function () { return answer(question, /[\uac00-\ud7a3]/.test(question) ? "ko" : "en"); });
  }
  function ask(question) {
    if (!question.trim()) return;
    say("me", question);
    reply(question).then(function (a) { show(a, /[\uac00-\ud7a3]/.test(question) ? "ko" : "en"); });
  }

  function setOpen(opening) {
    panel.hidden = !opening;
    toggle.setAttribute("aria-expanded", String(opening));
    if (opening) { load(); input.focus(); }
  }
  toggle.addEventListener("click", function () { setOpen(panel.hidden); });
  // The page's loader calls `open` once the script has arrived (the first click opened it);
  // `reply` gives the answer as data (the question set in the tests measures it).
  window.streetkitAssistant = { open: function () { setOpen(true); }, reply: reply };
  form.addEventListener("submit", function (ev) { ev.preventDefault(); ask(input.value); input.value = ""; });
  root.querySelectorAll(".sk-chips button").forEach(function (b) {
    b.addEventListener("click", function () { ask(b.textContent); });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !panel.hidden) { panel.hidden = true; toggle.setAttribute("aria-expanded", "false"); toggle.focus(); }
  });
})();
