"""Street assistant: a chat-style widget that answers visitors' and merchants' questions from the
street's own data, entirely in the browser (no server, no external API, no model).

The build writes a small index (`site/assistant/index.json`: merchants with hours and payments,
the coming dates of events, open programmes, car parks, the contact, the association's own Q&A);
`assistant.js` matches a question to an intent by keywords in Korean and English and answers from
the index, and says so plainly when it does not know.
"""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import ConfigDict, Field

import streetkit
from streetkit import Asset, Section, Street

#: The plugin in the studio's words.
TITLE = "궁금한 것에 답하는 골목 도우미"

STATIC = Path(__file__).parent / "static"
#: How far ahead event dates go into the index (the widget answers "this week", "this month").
EVENT_DAYS = 60


class Faq(Section):
    """A question the association answers itself, e.g. where the toilets are."""

    keywords: list[str] = Field(title="이런 말이 들어간 질문에",
                                min_length=1, description="Words that trigger it, e.g. [화장실, toilet].")
    answer: str = Field(title="답", description="The answer in Korean.")
    answer_en: str | None = Field(None, title="답 (영어)")


class AssistantSettings(Section):
    """Section `assistant`: optional extra answers."""

    model_config = ConfigDict(title="골목 도우미")

    faq: list[Faq] = Field(title="자주 묻는 질문", default_factory=list)


@streetkit.hookimpl
def config_schema():
    return {"assistant": AssistantSettings}


def build_index(street: Street) -> dict:
    """Everything the widget can answer from, keyed short to keep the file small."""
    p = street.profile
    badges = street.badges
    merchants = []
    for m in p.merchants:
        cat = streetkit.CATEGORIES[m.category]
        pay = sorted({b.key for b in badges.get(m.id, []) if b.kind == "pay"})  # local, zeropay, onnuri
        merchants.append({"id": m.id, "n": m.name, "ne": m.name_en or "", "c": [cat.ko, cat.en],
                          "s": [m.subcategory or "", m.subcategory_en or ""], "t": list(m.tags),
                          "h": m.hours.minutes() if m.hours else None, "p": pay, "tel": m.phone or "", "a": m.address or ""})
    events = []
    for e in p.events:
        dates = [d.isoformat(timespec="minutes") for d in e.occurrences(street.today, 12)
                 if (d.date() - street.today).days <= EVENT_DAYS]
        if dates:
            events.append({"id": e.id, "n": e.title, "ne": e.title_en or "", "d": dates, "pl": e.place or "",
                           "w": e.kind == "workshop"})
    programmes = [{"id": g.id, "n": g.title, "ne": g.title_en or "", "c": g.closes.isoformat(),
                   "o": g.opens.isoformat() if g.opens else "", "ag": g.agency}
                  for g in street.data.get("programmes", {}).get("current", [])]
    map_section = street.section("map")
    parking = [{"n": lm.name, "ne": lm.name_en or "", "lat": lm.location.lat, "lng": lm.location.lng}
               for lm in (map_section.landmarks if map_section else []) if "주차" in lm.name]
    currency = street.section("local_currency")
    settings = street.section("assistant") or AssistantSettings()
    return {
        "street": [p.name, p.name_en or p.name],
        "contact": {"n": p.association.name, "tel": p.association.phone or "", "mail": p.association.email or ""},
        "currency": {"n": currency.currency.name, "ne": currency.currency.name_en or currency.currency.name,
                     "buy": currency.currency.where_to_buy} if currency else None,
        "merchants": merchants, "events": events, "programmes": programmes, "parking": parking,
        "faq": [{"k": f.keywords, "a": f.answer, "ae": f.answer_en or f.answer} for f in settings.faq],
        "pages": {"currency": "local-currency/" if currency else "", "map": "map/", "events": "events/",
                  "programmes": "programmes/" if programmes else ""},
    }


@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent.parent / "templates"]


@streetkit.hookimpl
def template_slots():
    return {"body_end": ["site/_assistant.html"]}  # the widget, and its stylesheet, only where the plugin is on


@streetkit.hookimpl
def artifacts(street: Street):
    return [Asset(path="site/assistant/index.json",
                  data=lambda: json.dumps(build_index(street), ensure_ascii=False, separators=(",", ":"))),
            Asset(path="site/assistant/assistant.js", source=STATIC / "assistant.js"),
            Asset(path="site/assistant/assistant.css", source=STATIC / "assistant.css"),
            Asset(path="site/assistant/assistant-panel.css", source=STATIC / "assistant-panel.css")]
