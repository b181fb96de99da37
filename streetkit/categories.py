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


#: English names of common trades (a merchant's `subcategory`), used on English pages when the
#: profile gives no `subcategory_en`: shop names are proper nouns, trades are not.
TRADES_EN: dict[str, str] = {
    "한식": "Korean food", "분식": "Korean snacks", "중식": "Chinese food", "일식": "Japanese food",
    "양식": "Western food", "카페": "Café", "제과점": "Bakery", "베이커리": "Bakery", "치킨": "Fried chicken",
    "주점": "Pub", "호프": "Beer pub", "간식": "Snacks", "전": "Korean pancakes", "떡집": "Rice cakes",
    "반찬가게": "Side dishes", "정육점": "Butcher", "수산물": "Seafood", "건어물": "Dried seafood",
    "청과": "Fruit & vegetables", "채소": "Vegetables", "과일": "Fruit", "양곡": "Rice & grains",
    "슈퍼마켓": "Supermarket", "편의점": "Convenience store", "문구": "Stationery", "철물": "Hardware",
    "신발": "Shoes", "의류": "Clothing", "한복": "Hanbok", "유기": "Brassware", "꽃집": "Florist",
    "안경점": "Optician", "약국": "Pharmacy", "한의원": "Korean medicine clinic", "의원": "Clinic",
    "치과": "Dentist", "미용실": "Hair salon", "이발소": "Barber", "네일": "Nail salon",
    "세탁소": "Laundry", "수선": "Alterations", "구두수선": "Shoe repair", "시계수리": "Watch repair",
    "인쇄": "Printing", "사진관": "Photo studio", "부동산중개": "Real estate agent", "학원": "Academy",
    "음악학원": "Music school", "서예": "Calligraphy", "공방": "Craft workshop", "게스트하우스": "Guesthouse",
    "창고 임대": "Storage rental",
}
