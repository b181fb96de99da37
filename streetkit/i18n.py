"""The messages streetkit prints, in its reader's language: English in the code, Korean from a
standard gettext catalogue, `streetkit/locale/ko/LC_MESSAGES/streetkit.po` (edit it with any PO
editor, e.g. Poedit; `pybabel extract`/`update` keep it in step with the code, and
tests/test_catalogue.py fails when a message has no Korean).

The catalogue is read with Babel when Korean is wanted (an English run never reads it). The
language is chosen before the command line is parsed — `--lang`, else `STREETKIT_LANG`, else the
locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, as gettext reads them) — so that `--help` texts, which
click reads when the commands are defined, come out in it too.

Mark a message with `_("… {name} …", name=value)`; `N_("…")` marks one that is looked up later
(the validation messages, matched by shape in `messages_ko`).
"""
from __future__ import annotations

import gettext
import io
import os
import sys
from functools import cache
from pathlib import Path

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "streetkit"


def detect(argv: list[str] | None = None, explicit: str | None = None) -> str:
    """"ko" when the reader reads Korean first, else "en" (see the module's docstring)."""
    if explicit is None and argv:
        for i, arg in enumerate(argv):
            if arg == "--lang" and i + 1 < len(argv):
                explicit = argv[i + 1]
            elif arg.startswith("--lang="):
                explicit = arg.split("=", 1)[1]
    if explicit:
        return "ko" if explicit.lower().startswith("ko") else "en"
    for name in ("STREETKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := os.environ.get(name):
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


_current = {"lang": detect(sys.argv[1:])}


def language() -> str:
    """The language messages are given in now: "ko" or "en"."""
    return _current["lang"]


def set_language(lang: str) -> None:
    _current["lang"] = detect(explicit=lang)


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The translations of one language (none for English, the code's own)."""
    po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not po.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        parsed = read_po(f, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, parsed)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str, /, **values: object) -> str:
    """`message` in the current language, with `{name}` placeholders filled from `values`."""
    return in_language(message, language(), **values)


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it here."""
    return message


def in_language(message: str, lang: str, /, **values: object) -> str:
    """`message` in `lang`, whatever the current language (the studio speaks per request)."""
    text = catalogue(lang).gettext(message)
    return text.format(**values) if values else text
