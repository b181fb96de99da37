"""What a careless edit leaves behind, said before a build publishes it.

The profile is valid, but: a merchant whose hours give Monday only (shown as closed six days a
week), the placeholders `streetkit new` wrote, an English site where many shops have no English
name, pages that share one description. Each is a warning (`streetkit validate --strict` makes
them errors), one line each, summarised when many. A plugin that cannot work without its section
says so here, as an error, rather than failing in the middle of a build.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .errors import Problem
from .korean import WEEKDAY_KO, WEEKDAYS
from .models import Profile
from .yamlsource import Located

#: More warnings of one kind than this are one summary line.
SUMMARY_FROM = 5
#: Values `streetkit new` writes for the user to replace.
PLACEHOLDERS = {"phone": ("062-000-0000", "062-000-0001"), "email": ("office@example.kr",),
                "name": ("새 골목형상점가", "새 골목형상점가 상인회", "첫 가게")}


def advise(profile: Profile, located: Located, fname: str, pages: list[Any], news: list[Any],
           required: dict[str, tuple[str, ...]]) -> list[Problem]:
    """Warnings (and required-section errors) for a valid profile. `required` maps each enabled
    plugin to the sections it cannot work without (its module's `REQUIRES`)."""
    out: list[Problem] = []
    out += _required_sections(profile, located, fname, required)
    out += _summarised(_missing_weekdays(profile, located, fname), "merchants", fname,
                       "{n} merchants give hours for some weekdays only; the others show as closed")
    out += _placeholders(profile, located, fname)
    out += _english(profile, pages, news, fname)
    out += _shared_descriptions(pages, fname)
    return out


def _at(located: Located, fname: str, loc: tuple[str | int, ...], message: str, severity: str = "warning") -> Problem:
    line, col = located.where(loc)
    field = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
    return Problem(fname, line, col, field, message, severity)


def _required_sections(profile: Profile, located: Located, fname: str,
                       required: dict[str, tuple[str, ...]]) -> list[Problem]:
    out = []
    for plugin, sections in sorted(required.items()):
        for section in sections:
            if profile.section(section) is None:
                out.append(_at(located, fname, ("plugins",), f"plugin `{plugin}` needs a `{section}:` section "
                               f"(see `streetkit schema`), or remove `{plugin}` from `plugins:`", "error"))
    return out


def _missing_weekdays(profile: Profile, located: Located, fname: str) -> list[Problem]:
    out = []
    for i, m in enumerate(profile.merchants):
        h = m.hours
        if h is None:
            continue
        given = [d for d in WEEKDAYS if getattr(h, d)]
        if not given or len(given) == 7:
            continue
        missing = "·".join(k for d, k in zip(WEEKDAYS, WEEKDAY_KO) if not getattr(h, d))
        out.append(_at(located, fname, ("merchants", i, "hours"), f"{m.name}: no hours for {missing} "
                       f"({', '.join(d for d in WEEKDAYS if not getattr(h, d))}), which will show as closed; "
                       "give their hours, or `closed`"))
    return out


def _summarised(problems: list[Problem], what: str, fname: str, summary: str) -> list[Problem]:
    if len(problems) <= SUMMARY_FROM:
        return problems
    names = ", ".join(p.message.split(":")[0] for p in problems[:SUMMARY_FROM])
    return [Problem(fname, problems[0].line, problems[0].col, what, summary.format(n=len(problems)) +
                    f" ({names} …)", "warning", details=tuple(p.message for p in problems))]


def _placeholders(profile: Profile, located: Located, fname: str) -> list[Problem]:
    out = []
    checks: list[tuple[tuple[str | int, ...], Any, str]] = [
        (("name",), profile.name, "name"), (("association", "name"), profile.association.name, "name"),
        (("association", "phone"), profile.association.phone, "phone"),
        (("association", "email"), profile.association.email, "email")]
    checks += [(("merchants", i, "name"), m.name, "name") for i, m in enumerate(profile.merchants)]
    checks += [(("merchants", i, "phone"), m.phone, "phone") for i, m in enumerate(profile.merchants)]
    for loc, value, kind in checks:
        if value in PLACEHOLDERS[kind]:
            out.append(_at(located, fname, loc, f"{value!r} is the example `streetkit new` wrote: put in the real one"))
    for loc, value in ((("base_url",), profile.base_url), (("address",), profile.address)):
        if value and (re.match(r"https://example\.kr/", value) or "000-0" in value):
            out.append(_at(located, fname, loc, f"{value!r} is the example `streetkit new` wrote: put in the real one"))
    return out


def _english(profile: Profile, pages: list[Any], news: list[Any], fname: str) -> list[Problem]:
    if not profile.name_en:
        return []  # no English site
    out = []
    shops = [m for m in profile.merchants if not m.name_en]
    if shops:
        names = ", ".join(m.name for m in shops[:SUMMARY_FROM]) + (" …" if len(shops) > SUMMARY_FROM else "")
        out.append(Problem(fname, 0, 0, "merchants", f"the English site is on, but {len(shops)} of {len(profile.merchants)} "
                           f"merchants have no English name (name_en), so it shows their Korean names: {names}", "warning",
                           details=tuple(f"{m.name} ({m.id})" for m in shops)))
    for kind, docs in (("pages", pages), ("news", news)):
        korean = {d.slug for d in docs if d.lang == "ko"}
        english = {d.slug for d in docs if d.lang == "en"}
        if missing := sorted(korean - english):
            shown = ", ".join(missing[:SUMMARY_FROM]) + (" …" if len(missing) > SUMMARY_FROM else "")
            out.append(Problem(fname, 0, 0, kind, f"{len(missing)} of {len(korean)} {kind} have no English version "
                               f"(<name>.en.md): {shown}", "warning", details=tuple(missing)))
    return out


def _shared_descriptions(pages: list[Any], fname: str) -> list[Problem]:
    counts = Counter((d.lang, d.meta.description) for d in pages if getattr(d.meta, "description", None))
    return [Problem(fname, 0, 0, "pages", f"{n} pages share the description {text!r}: search results and link "
                    "previews cannot tell them apart; give each its own", "warning")
            for (_lang, text), n in counts.items() if n > 1]
