"""Street assistant: a chat-style widget that answers visitors' and merchants' questions from the
street's own data, entirely in the browser (no server, no external API, no model).

The build writes a small index (`site/assistant/index.json`: merchants with hours and payments,
the coming dates of events, programmes open or coming, the map's typed places, the currency's facts,
the contact and its chat channel, the association's own Q&A, and the everyday words for trades
(`words.py`)); `assistant.js` reads a question (Korean with particles, spacing variants and small
typos, or English) into what it asks for and answers from the index. When the data has no answer it
says so and hands over to a person — never a list of unrelated shops. The question set in
`tests/assistant_set/questions.yaml` measures it (`benchmarks/run.py --only assistant`).
"""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pydantic import ConfigDict, Field

import streetkit
from streetkit import Asset, Section, Street

from . import words

#: The plugin in the studio's words.
TITLE = "궁금한 것에 답하는 골목 도우미"

STATIC = Path(__file__).parent / "static"
#: How far ahead event dates go into the index (the widget answers "this week", "this month").
EVENT_DAYS = 60


@streetkit.hookspec
def assistant_facts(street: Street) -> dict[str, Any] | None:
    """What a plugin's data lets the assistant answer, as parts of its index (called when the
    index is written): `programmes` (a list of {id, n, ne, o, c, ag, tel, how: [online, e-mail,
    office]}), `currency` ({n, ne, buy, buye, lim, dc, f}), and `pages` ({name: path} of the
    plugin's pages the answers link to). The keys are the index's; a plugin gives only its own."""


#: The hook this plugin defines for the others.
HOOKSPECS = SimpleNamespace(assistant_facts=assistant_facts)


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


def _access(m: Any) -> list[str]:
    a = m.accessibility
    return [k for k in ("step_free", "accessible_toilet", "parking", "stroller") if a and getattr(a, k)]


def _chat(channels: Any) -> list[str] | None:
    found = channels.chat() if channels else None
    return list(found) if found else None


def build_index(street: Street) -> dict:
    """Everything the widget can answer from, keyed short to keep the file small."""
    p = street.profile
    badges = street.badges
    merchants = []
    for m in p.merchants:
        own = badges.get(m.id, [])
        pay = sorted({b.key for b in own if b.kind == "pay"}
                     | {f"{b.key}:{f}" for b in own if b.kind == "pay" for f in b.facets})  # local, local:mobile, zeropay …
        entry = {"id": m.id, "n": m.name, "ne": m.name_en or "", "c": m.category,
                 "s": [m.subcategory or "", m.subcategory_en or ""], "t": list(m.tags),
                 "h": m.hours.minutes() if m.hours else None, "p": pay,
                 "dl": int(any(b.kind == "delivery" for b in own)),  # from the delivery links, not a tag
                 "ac": _access(m), "tel": m.phone or "", "a": m.address or "", "ae": m.address_en or ""}
        if chat := _chat(m.channels):
            entry["ch"] = chat
        merchants.append(entry)
    events = []
    for e in p.events:
        dates = [d.isoformat(timespec="minutes") for d in e.occurrences(street.today, 12)
                 if (d.date() - street.today).days <= EVENT_DAYS]
        if dates:
            events.append({"id": e.id, "n": e.title, "ne": e.title_en or "", "d": dates, "pl": e.place or "",
                           "w": e.kind == "workshop"})
    places = [{"n": pl.name, "ne": pl.name_en, "k": pl.kind, "u": pl.url} for pl in street.places]
    settings = street.section("assistant") or AssistantSettings()
    contact: dict[str, Any] = {"n": p.association.name, "ne": p.association.name_en or p.association.name,
               "tel": p.association.phone or "", "mail": p.association.email or ""}
    if chat := _chat(p.association.channels):
        contact["ch"] = chat
    index: dict[str, Any] = {
        "street": [p.name, p.name_en or p.name],
        "contact": contact, "currency": None, "programmes": [],
        "merchants": merchants, "events": events, "places": places,
        "v": words.vocabulary({m.subcategory for m in p.merchants if m.subcategory},
                              {t for m in p.merchants for t in m.tags}, {m.category for m in p.merchants}),
        "faq": [{"k": f.keywords, "a": f.answer, "ae": f.answer_en or f.answer} for f in settings.faq],
        "pages": {"currency": "", "map": "map/", "events": "events/", "programmes": ""},
    }
    for _plugin, facts in street.call_hook("assistant_facts", street=street):  # other plugins' answers
        for key, value in (facts or {}).items():
            if key == "pages":
                index["pages"].update(value)
            else:
                index[key] = value
    return index


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
