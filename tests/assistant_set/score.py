"""The assistant's question set, scored: the right answer to each question is computed here from
the street's data (merchants' hours, payments, delivery links, access, tags; the map's places; the
events' dates; the programmes' dates; the currency's facts), independently of the assistant's own
index and code, and compared with what the assistant in Chromium answered.

Used by tests/test_assistant.py (the share must reach GOAL) and `benchmarks/run.py --only assistant`
(the share the README shows).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

QUESTIONS = Path(__file__).with_name("questions.yaml")
#: When the questions are asked: Tuesday 24 November 2026, 10:00 in Seoul (UTC+9).
NOW = datetime(2026, 11, 24, 10, 0)
NOW_UTC = "2026-11-24T01:00:00Z"
#: The share of questions the assistant must answer well.
GOAL = 0.9
#: How far ahead the index holds events (the plugin's EVENT_DAYS), from the build's today.
EVENT_DAYS = 60
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
LATE = 22 * 60


@dataclass
class Result:
    street: str
    q: str
    ok: bool
    why: str


def questions() -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load(QUESTIONS.read_text("utf-8"))


# --- the data's answers ---------------------------------------------------------------------

def _span(text: str | None) -> tuple[int, int] | None:
    if not text or text == "closed":
        return None
    a, b = text.split("-")
    return int(a[:2]) * 60 + int(a[3:]), int(b[:2]) * 60 + int(b[3:])


def open_at(m: Any, day: int, minute: int) -> bool:
    """Open at `minute` of weekday `day` (0 = Monday): past-midnight hours of the day before count,
    the break does not. (The examples have no monthly closures on the day asked.)"""
    if not m.hours:
        return False
    before = _span(m.hours.day((day - 1) % 7))
    if before and before[1] <= before[0] and minute < before[1]:
        return True
    span = _span(m.hours.day(day))
    if not span:
        return False
    a, b = span
    inside = a <= minute < b if b > a else minute >= a
    brk = _span(m.hours.break_time)
    return inside and not (brk and brk[0] <= minute < brk[1])


def _opens_on(m: Any, day: int) -> bool:
    return bool(m.hours and _span(m.hours.day(day)))


def _trade(m: Any, rule: str | None) -> bool:
    if not rule:
        return True
    kind, _, values = rule.partition(":")
    wanted = values.split("|")
    if kind == "c":
        return m.category in wanted
    if kind == "s":
        return m.subcategory in wanted
    return any(t in m.tags for t in wanted)


def _pays(m: Any, what: str) -> bool:
    pay = getattr(m, "pay", None)
    if pay is None:
        return False
    if what.startswith("local"):
        form = what.partition(":")[2]
        return bool(pay.local) and (not form or form in pay.local)
    return bool(getattr(pay, what))


def _delivers(m: Any) -> bool:
    links = getattr(m, "delivery", None)
    return bool(links and any(v for v in links.model_dump().values()))


def expected_shops(street: Any, spec: dict[str, Any]) -> set[str]:
    today = NOW.weekday()
    minute = NOW.hour * 60 + NOW.minute
    found = set()
    for m in street.profile.merchants:
        when = spec.get("open")
        ok = _trade(m, spec.get("trade")) and all(t in m.tags for t in spec.get("tags", []))
        ok = ok and (not spec.get("delivery") or _delivers(m))
        ok = ok and all(_pays(m, p) for p in spec.get("pay", []))
        ok = ok and all(m.accessibility and getattr(m.accessibility, a) for a in spec.get("access", []))
        if when == "now":
            ok = ok and open_at(m, today, minute)
        elif when == "today":
            ok = ok and _opens_on(m, today)
        elif when == "late":
            ok = ok and open_at(m, today, LATE)
        elif when == "weekend":
            ok = ok and (_opens_on(m, 5) or _opens_on(m, 6))
        elif when in DAYS:
            ok = ok and _opens_on(m, DAYS.index(when))
        if ok:
            found.add(m.id)
    return found


def _range(name: str) -> tuple[date, date]:
    d = NOW.date()
    wd = d.weekday()
    month_end = (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    next_end = (month_end + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return {"today": (d, d), "tomorrow": (d + timedelta(1), d + timedelta(1)),
            "weekend": (d + timedelta(5 - wd), d + timedelta(6 - wd)) if wd < 6 else (d, d),
            "week": (d, d + timedelta(7)), "next_week": (d + timedelta(7 - wd), d + timedelta(13 - wd)),
            "month": (d, month_end), "next_month": (month_end + timedelta(1), next_end)}[name]


def expected_events(street: Any, spec: dict[str, Any], built_on: date) -> set[str]:
    found = set()
    for e in street.profile.events:
        dates = [s.date() for s in e.occurrences(built_on, 12) if (s.date() - built_on).days <= EVENT_DAYS]
        dates = [d for d in dates if d >= NOW.date()]
        if "name" in spec:
            if spec["name"] in e.title.lower() or spec["name"] in (e.title_en or "").lower():
                found.add(e.id) if dates else None
            continue
        lo, hi = _range(spec["range"]) if "range" in spec else (NOW.date(), NOW.date() + timedelta(7))
        if any(lo <= d <= hi for d in dates):
            found.add(e.id)
    return found


def _programmes(street: Any) -> list[Any]:
    return [p for p in (street.section("programmes") or []) if p.closes >= NOW.date()]


def expected_programmes(street: Any, spec: dict[str, Any]) -> set[str]:
    today = NOW.date()
    current = _programmes(street)
    if "name" in spec:
        return {p.id for p in current if spec["name"] in p.title or spec["name"].lower() in (p.title_en or "").lower()}
    if spec.get("soon"):
        return {p.id for p in current if not (p.opens and p.opens > today) and (p.closes - today).days <= 14}
    return {p.id for p in current}


# --- checks ----------------------------------------------------------------------------------

def _man(won: int) -> str:
    return f"{won // 10000:,}만 원" if won % 10000 == 0 else f"{won:,}원"


def check(street: Any, spec: dict[str, Any], answer: dict[str, Any], built_on: date, question: str) -> tuple[bool, str]:
    """Whether `answer` (the assistant's, as data) is the right one for `spec`; and why not."""
    ko = any("\uac00" <= ch <= "\ud7a3" for ch in question)
    kind, ids, text = answer.get("kind"), set(answer.get("ids") or []), answer.get("text", "")
    if "shops" in spec:
        want = expected_shops(street, spec["shops"])
        return kind == "shops" and ids == want, f"kind {kind}, missing {sorted(want - ids)}, extra {sorted(ids - want)}"
    if "no_trade" in spec or "handoff" in spec:
        return kind == "none" and bool(answer.get("contact")) and not answer.get("items"), f"kind {kind}: {text[:60]}"
    if "shop" in spec:
        m = next(m for m in street.profile.merchants if m.id == spec["shop"])
        says = []
        for fact in spec.get("says", []):
            if fact == "phone":
                says.append(m.phone)
            elif fact == "hours":
                span = _span(m.hours.day(NOW.weekday())) if m.hours else None
                says.append(f"{span[0] // 60:02d}:{span[0] % 60:02d}~{span[1] // 60 % 24:02d}:{span[1] % 60:02d}" if span
                            else ("오늘은 쉬는 날" if ko else "Closed today"))
        missing = [s for s in says if s not in text]
        return kind == "shop" and m.id in ids and not missing, f"kind {kind}, ids {sorted(ids)}, missing {missing}"
    if "places" in spec:
        want = {place.name for place in street.places if place.kind == spec["places"]}
        if not want:
            return kind == "none" and bool(answer.get("contact")), f"kind {kind}"
        return kind == "places" and ids == want, f"kind {kind}, ids {sorted(ids)} != {sorted(want)}"
    if "events" in spec:
        want = expected_events(street, spec["events"], built_on)
        return kind == "events" and ids == want, f"kind {kind}, ids {sorted(ids)} != {sorted(want)}"
    if "programmes" in spec:
        want = expected_programmes(street, spec["programmes"])
        ok = kind == "programmes" and ids == want
        if ok and "name" in spec["programmes"]:  # the state is said right: coming or open, with the date
            for p in _programmes(street):
                if p.id in want:
                    coming = bool(p.opens and p.opens > NOW.date())
                    ok = ok and (("접수 전" if ko else "opens") in text) == coming
        return ok, f"kind {kind}, ids {sorted(ids)} != {sorted(want)}: {text[:80]}"
    if "currency" in spec:
        c = street.section("local_currency").currency
        facts = {"buy": (c.where_to_buy if ko else c.where_to_buy_en or c.where_to_buy)[0],
                 "limit": _man(c.monthly_limit) if ko else f"{c.monthly_limit:,} won",
                 "discount": f"{c.discount:g}%"}
        missing = [facts[f] for f in spec["currency"] if facts[f] not in text]
        return kind == "currency" and not missing, f"kind {kind}, missing {missing}: {text[:80]}"
    if "faq" in spec:
        faq = street.section("assistant").faq[spec["faq"]]
        return kind == "faq" and text == (faq.answer if ko else faq.answer_en or faq.answer), f"kind {kind}"
    raise ValueError(f"unknown expectation {spec}")


def run(browser: Any, urls: dict[str, str], streets: dict[str, Any], built_on: date) -> list[Result]:
    """Ask every question of the set in Chromium (one page per street, the clock at NOW) and score it."""
    results = []
    for slug, items in questions().items():
        page = browser.new_page()
        page.clock.install(time=NOW_UTC)
        page.goto(urls[slug])
        page.click(".sk-toggle")
        page.wait_for_function("() => !!(window.streetkitAssistant && window.streetkitAssistant.reply)")
        answers = page.evaluate("qs => Promise.all(qs.map(q => window.streetkitAssistant.reply(q)))", [i["q"] for i in items])
        page.close()
        for item, answer in zip(items, answers):
            ok, why = check(streets[slug], item["expect"], answer, built_on, item["q"])
            results.append(Result(slug, item["q"], ok, "" if ok else why))
    return results
