"""Keep the Korean message catalogue in step with the code: collect every message marked with
`_()` or `N_()` in streetkit/ and plugins/ (Babel's extractor), add the new ones to
streetkit/locale/ko/LC_MESSAGES/streetkit.po with an empty translation, mark the ones the code no
longer uses as obsolete, and list what still needs Korean. Translate in any PO editor (Poedit) or
by hand; tests/test_catalogue.py fails while a message has none.

Usage: .venv/bin/python scripts/catalogue.py [--check]
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
PO = REPO / "streetkit" / "locale" / "ko" / "LC_MESSAGES" / "streetkit.po"
KEYWORDS = {"_": None, "N_": None}
METHODS = [("**.py", "python")]


def extracted() -> Catalog:
    """Every marked message of the code, with where it is used."""
    template = Catalog(project="streetkit", domain="streetkit")
    for folder in ("streetkit", "plugins"):
        for filename, lineno, message, comments, _context in extract_from_dir(
                REPO / folder, METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
            template.add(message, locations=[(f"{folder}/{filename}", lineno)], auto_comments=comments)
    return template


def main() -> int:
    template = extracted()
    with PO.open("rb") as f:
        catalogue = read_po(f, locale="ko", domain="streetkit")
    catalogue.update(template, no_fuzzy_matching=True)
    missing = [m.id for m in catalogue if m.id and not m.string]
    if "--check" not in sys.argv:
        with PO.open("wb") as f:
            write_po(f, catalogue, width=120, include_lineno=False, ignore_obsolete=True)
    for message in missing:
        print(f"no Korean yet: {message!r}")
    return 1 if missing and "--check" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
