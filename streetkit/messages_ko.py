"""Korean versions of the problems `streetkit validate` reports, for people who read Korean first.

Each problem message is produced in English at its source (pydantic, the models, the loader); this
table recognises it by its shape and names the catalogue message (streetkit/i18n.py) that says it
in Korean, keeping the values it quotes. A message with no entry is shown in English after a
Korean lead, never dropped.
"""
from __future__ import annotations

import re
from typing import Any

from .i18n import N_, in_language

#: (pattern of the English message, the message as the catalogue knows it, with the pattern's groups
#: as placeholders), first match wins; the Korean is in streetkit/locale/ko/LC_MESSAGES/streetkit.po.
_TABLE: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.S), message) for p, message in (
    (r'^expected a Korean phone number like .*?, got (?P<v>.*)$',
     N_('Not a phone number: {v}. Write it like 062-123-4567, 010-1234-5678 or 1588-1234.')),
    (r'^expected "HH:MM-HH:MM" .*?, got (?P<v>.*)$',
     N_('Give the opening and closing times like 09:00-20:30 (written: {v}).')),
    (r'^(?P<t>\d\d:\d\d) is not a time of day .*$',
     N_('{t} is not a time of day. Write a time from 00:00 to 24:00.')),
    (r'^required field `(?P<f>[^`]+)` is missing$',
     N_('This field must be filled in.')),
    (r'^text should have at least 1 character.*$',
     N_('This is empty. Write something in it.')),
    (r'^text should have at most (?P<n>\d+) characters?.*$',
     N_('At most {n} characters. Make it shorter.')),
    (r"^text should match pattern '\^\[a-z0-9\].*?, got (?P<v>.*)$",
     N_('Only lowercase letters, digits and hyphens (-), e.g. haru-coffee. Written: {v}')),
    (r'^expected an http:// or https:// address, got (?P<v>.*)$',
     N_('Write an address starting with http:// or https:// (written: {v}).')),
    (r'^expected a valid URL.*$',
     N_('Write an address starting with http:// or https://.')),
    (r'^expected an e-mail address like .*?, got (?P<v>.*)$',
     N_('Write an e-mail address like office@example.kr (written: {v}).')),
    (r'^expected a hex colour like .*?, got (?P<v>.*)$',
     N_('Write a colour as # and six digits, like #1F6F5C (written: {v}).')),
    (r"^expected (?P<opts>'[^,]+'(?:, '[^']+')*,? or '[^']+'), got (?P<v>.*?)(?: \(did you mean `(?P<m>[^`]+)`\?\))?$",
     N_('Choose one of the listed values (written: {v}).')),
    (r"^expected a trade class key, got (?P<v>'[^']*'): did you mean `(?P<k>[^`]+)`\?(?P<rest>.*)$",
     N_('Trades are written with their English key: {v} is `{k}`.')),
    (r'^expected a valid number.*$',
     N_('Write a number.')),
    (r'^expected a valid integer.*$',
     N_('Write a whole number.')),
    (r'^expected greater than or equal to (?P<n>[-\d.]+).*$',
     N_('Must be {n} or more.')),
    (r'^expected less than or equal to (?P<n>[-\d.]+).*$',
     N_('Must be {n} or less.')),
    (r'^expected a valid datetime.*$',
     N_('Write the date and time like 2026-05-02 11:00.')),
    (r'^expected a valid date.*$',
     N_('Write the date like 2026-05-02.')),
    (r'^end (?P<e>.+) is before start (?P<s>.+)$',
     N_('The end ({e}) is before the start ({s}).')),
    (r"^duplicate id (?P<v>'[^']*')(?P<rest>.*)$",
     N_('Another item already uses the web name {v}. Choose another.')),
    (r"^no merchant with id (?P<v>'[^']*')(?:: did you mean `(?P<m>[^`]+)`\?)?$",
     N_('There is no shop {v}.')),
    (r'^unknown key `(?P<k>[^`]+)`(?:: did you mean `(?P<m>[^`]+)`\?)?.*$',
     N_('Unknown field `{k}`.')),
    (r'^(?P<f>.+): unsupported image type (?P<t>\S+); use one of (?P<l>.+)$',
     N_('{f}: an image type that cannot be used ({t}). Upload one of {l}.')),
    (r'^(?P<f>.+): too many pixels .*$',
     N_('{f}: the picture is too large. Make it smaller and upload it again.')),
    (r'^(?P<f>.+): \d+x\d+ is \d+ megapixels; .*$',
     N_('{f}: the picture is too large. Make it smaller and upload it again.')),
    (r'^(?P<f>.+): not an image Pillow can read.*$',
     N_('{f}: the picture cannot be read. It is damaged or not a picture.')),
    (r'^(?P<f>.+): the file is (?P<t>\w+), but its name ends in (?P<s>\S+)$',
     N_('{f}: the file holds {t}, but its name ends in {s}.')),
    (r"^file (?P<v>'[^']*') not found in the street folder$",
     N_("The file {v} is not in the street's folder.")),
    (r"^(?P<v>'[^']*') points outside the street folder$",
     N_("{v} points outside the street's folder.")),
    (r'^`(?P<k>[^`]+)` belongs to plugin `(?P<p>[^`]+)`, which this street does not enable.*$',
     N_('`{k}` is a setting of the `{p}` feature, which this street does not use. Turn the feature on or delete the setting.')),
    (r"^unknown plugin (?P<v>'[^']*')(?:: did you mean `(?P<m>[^`]+)`\?)?.*$",
     N_('No feature called {v} is installed.')),
    (r"^unknown theme (?P<v>'[^']*')(?:: did you mean `(?P<m>[^`]+)`\?)?.*$",
     N_('There is no design theme called {v}.')),
    (r'^(?P<n>.+): no hours for (?P<d>\S+) \(.*$',
     N_('{n}: no opening hours for {d}, so it shows as closed. Give the hours, or choose closed.')),
    (r'^(?P<n>\d+) merchants give hours for some weekdays only.*?\((?P<names>.*)\)$',
     N_('{n} shops give hours for some weekdays only, so the others show as closed ({names}).')),
    (r"^(?P<v>'[^']*') is the example `streetkit new` wrote.*$",
     N_('{v} is the example value written when the street was made. Replace it with the real one.')),
    (r'^the English site is on, but (?P<n>\d+) of (?P<t>\d+) merchants have no English name .*?: (?P<names>.*)$',
     N_('The English site is on, but {n} of {t} shops have no English name and show their Korean name: {names}')),
    (r'^(?P<n>\d+) of (?P<t>\d+) (?P<k>pages|news) have no English version .*?: (?P<names>.*)$',
     N_('{k} without an English version: {n} of {t} ({names}).')),
    (r"^(?P<n>\d+) pages share the description (?P<v>'[^']*').*$",
     N_('{n} pages share the description {v}. Give each its own, so that search results tell them apart.')),
    (r'^plugin `(?P<p>[^`]+)` needs a `(?P<s>[^`]+):` section.*$',
     N_('The `{p}` feature needs a `{s}` section. Add it, or turn the feature off.')),
    (r'^a monthly event needs nth.*$',
     N_('Choose which week of the month a monthly event is on.')),
    (r'^nth is only for monthly events.*$',
     N_('Which week of the month is only for monthly events.')),
    (r'^(?P<f>\S+): (?P<p>\d+) ppi at (?P<size>\S+ mm) in (?P<doc>\S+); '
     r'print needs (?P<need>\d+) ppi, so supply at least (?P<px>\S+) px$',
     N_("{f}: {p} ppi at {size} in {doc}, but print needs {need} ppi: supply a picture of at least {px} pixels.")),
    (r'^(?P<n>\d+) merchant\(s\) were not in the last SEMAS file \((?P<names>.*)\): check whether.*$',
     N_("{n} shops were not in the last SEMAS file ({names}): check whether they closed or moved, then delete "
        "them or remove `missing_since`.")),
    (r'^(?P<name>\S+) (?P<c>#[0-9A-Fa-f]{6}) has (?P<r>[\d.]+):1 on the page; text in it uses (?P<t>#[0-9A-Fa-f]{6}) '
     r'\((?P<r2>[\d.]+):1 on the page, (?P<r3>[\d.]+):1 on the brand tint\)$',
     N_("{name} {c} has {r}:1 on the page, so text in it uses {t} ({r2}:1 on the page, {r3}:1 on the brand tint).")),
    (r'^primary (?P<c>#[0-9A-Fa-f]{6}) reaches AA with neither white nor dark text; surfaces use (?P<t>#[0-9A-Fa-f]{6})$',
     N_("The primary colour {c} reaches 4.5:1 with neither white nor dark text, so brand surfaces use {t}.")),
    (r'^a repeating event starts and ends on the same day.*$',
     N_("A repeating event starts and ends on the same day. Give the first day's times.")),
)]


#: Words of the profile that a Korean message says in its own words when it quotes them.
_WORDS = {"pages": N_("pages"), "news": N_("news")}


def korean(message: str) -> str:
    """`message` in Korean; an unknown one keeps its English after a Korean lead."""
    for pattern, template in _TABLE:
        if m := pattern.match(message):
            values = {k: in_language(_WORDS[v], "ko") if v in _WORDS else v or "" for k, v in m.groupdict().items()}
            text = in_language(template, "ko", **values)
            if (suggestion := m.groupdict().get("m")) and f"`{suggestion}`" not in text:
                text += " " + in_language(N_("Did you mean `{m}`?"), "ko", m=suggestion)
            return text
    return in_language(N_("Please check: {message}"), "ko", message=message)


def has_korean(message: str) -> bool:
    """Whether the table says `message` in Korean (for tests and for the CLI's fallback)."""
    return any(p.match(message) for p, _ in _TABLE)


def problem_line(problem: Any, lang: str) -> str:
    """One problem as printed: `file:line:col: field: message`, the message in `lang`."""
    if lang != "ko":
        return str(problem)
    from .errors import Problem

    shown = Problem(problem.file, problem.line, problem.col, problem.field, korean(problem.message), problem.severity)
    return str(shown).replace(": warning: ", f": {in_language(N_('warning'), 'ko')}: ")


_LOCATED = re.compile(r"^(?P<where>.*?: )warning: (?P<message>.*)$", re.S)


def note_line(note: str, lang: str) -> str:
    """A build note as printed: `note: …`, in Korean where the table knows it."""
    if lang == "ko":
        return in_language(N_("note: {message}"), "ko", message=korean(note) if has_korean(note) else note)
    return f"note: {note}"


def warning_line(line: str, lang: str) -> str:
    """A build warning as printed: `warning: …` in English; in Korean `주의: …`, the message said
    again in Korean where the table knows it (a located one keeps its file:line: field)."""
    if lang != "ko":
        return line if _LOCATED.match(line) else f"warning: {line}"
    warning = in_language(N_("warning"), "ko")
    if m := _LOCATED.match(line):
        return f"{m['where']}{warning}: {korean(m['message'])}"
    return f"{warning}: {korean(line) if has_korean(line) else line}"
