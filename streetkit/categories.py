"""The one trade taxonomy streetkit uses, mapped to the SEMAS (소상공인시장진흥공단) top-level classes.

Keys are stable ASCII identifiers used in profiles; labels are what people read. The SEMAS codes
are those of the 2023+ classification; `legacy` holds the first letter of the pre-2023 codes.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    key: str
    ko: str
    en: str
    semas: str
    legacy: str
    icon: str  # a short glyph-free label for badges; themes may map it to an icon


CATEGORIES: dict[str, Category] = {c.key: c for c in (
    Category("food", "음식", "Food & drink", "I2", "Q", "food"),
    Category("retail", "소매", "Shops", "G2", "D", "retail"),
    Category("repair_personal", "수리·개인", "Repair & personal services", "S2", "F", "service"),
    Category("arts_sports", "예술·스포츠", "Arts, leisure & sports", "R1", "N", "leisure"),
    Category("education", "교육", "Education", "P1", "R", "education"),
    Category("lodging", "숙박", "Lodging", "I1", "O", "lodging"),
    Category("health", "보건의료", "Health & medical", "Q1", "S", "health"),
    Category("real_estate", "부동산", "Real estate", "L1", "L", "real-estate"),
    Category("science_tech", "과학·기술", "Professional & technical", "M1", "P", "professional"),
    Category("facility", "시설관리·임대", "Facilities & rental", "N1", "E", "facility"),
)}

CATEGORY_KEYS: tuple[str, ...] = tuple(CATEGORIES)
