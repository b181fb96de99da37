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


#: Trade words as people write them (a member list's 업종 column, a profile's `category:` typed in
#: Korean) → (category key, the subcategory to record). Longer words are tried first, so 치킨집
#: matches before 치킨. One table: the sheet import and validation's did-you-mean both read it.
TRADE_WORDS: dict[str, tuple[str, str]] = {
    **{w: ("food", sub) for sub, words in {
        "한식": ["한식", "한정식", "백반", "국밥", "국수", "칼국수", "수제비", "냉면", "고깃집", "갈비", "떡갈비", "찌개",
                 "일반음식점", "식당"],
        "분식": ["분식", "김밥", "떡볶이"], "중식": ["중식", "중국집", "중화요리"], "일식": ["일식", "초밥", "돈까스", "돈가스"],
        "양식": ["양식", "파스타", "피자", "경양식"], "카페": ["카페", "커피", "커피전문점", "찻집", "다방", "휴게음식점"],
        "제과점": ["제과", "제과점", "빵집", "베이커리"], "치킨": ["치킨", "치킨집", "통닭"],
        "주점": ["주점", "호프", "술집", "포차", "포장마차", "이자카야"], "떡집": ["떡집", "떡방앗간", "방앗간"],
        "정육점": ["정육", "정육점", "축산"], "반찬가게": ["반찬", "반찬가게"],
        "수산물": ["수산", "수산물", "생선", "횟집"],
        "건어물": ["건어물"], "청과": ["청과", "과일", "채소", "야채", "농산물"], "간식": ["간식"],
    }.items() for w in words},
    **{w: ("retail", sub) for sub, words in {
        "편의점": ["편의점"], "슈퍼마켓": ["슈퍼", "슈퍼마켓", "마트", "식료품"], "꽃집": ["꽃집", "화원", "꽃"],
        "의류": ["의류", "옷가게", "옷", "패션"], "신발": ["신발", "신발가게"], "한복": ["한복"], "문구": ["문구", "문방구"],
        "철물": ["철물", "철물점", "공구"], "안경점": ["안경", "안경점", "안경원"], "서점": ["서점", "책방"],
        "잡화": ["잡화", "생활용품"], "반려동물용품": ["애견용품", "펫샵", "반려동물"], "휴대폰": ["휴대폰", "핸드폰"],
        "약국": ["약국"], "유기": ["유기", "방짜유기"], "소매": ["소매", "도소매"],
    }.items() for w in words},
    **{w: ("repair_personal", sub) for sub, words in {
        "미용실": ["미용", "미용실", "헤어", "헤어샵"], "이발소": ["이발", "이발소", "바버샵"], "네일": ["네일", "네일샵"],
        "세탁소": ["세탁", "세탁소", "빨래방"], "수선": ["수선", "옷수선"], "구두수선": ["구두수선", "구두"],
        "시계수리": ["시계", "시계수리"], "휴대폰 수리": ["휴대폰수리", "폰수리"], "사진관": ["사진관", "사진", "스튜디오"],
        "인쇄": ["인쇄", "인쇄소", "출력"],
    }.items() for w in words},
    **{w: ("arts_sports", sub) for sub, words in {
        "공방": ["공방", "도예", "목공"], "필라테스": ["필라테스", "요가"], "헬스": ["헬스", "헬스장", "피트니스"],
        "보드게임카페": ["보드게임", "보드게임카페"], "노래방": ["노래방", "코인노래방"], "PC방": ["pc방", "피시방"],
    }.items() for w in words},
    **{w: ("education", sub) for sub, words in {
        "학원": ["학원", "교습소", "공부방"], "음악학원": ["음악학원", "피아노"], "서예": ["서예"],
    }.items() for w in words},
    **{w: ("lodging", sub) for sub, words in {
        "게스트하우스": ["게스트하우스", "게하"], "숙박": ["숙박", "모텔", "여관", "민박", "펜션", "호텔"],
    }.items() for w in words},
    **{w: ("health", sub) for sub, words in {
        "의원": ["의원", "병원", "내과", "소아과", "정형외과", "이비인후과", "피부과"], "치과": ["치과"],
        "한의원": ["한의원", "한방"],
    }.items() for w in words},
    **{w: ("real_estate", sub) for sub, words in {"부동산중개": ["부동산", "공인중개사", "중개사"]}.items() for w in words},
    **{w: ("science_tech", sub) for sub, words in {"디자인": ["디자인", "광고"], "사무소": ["세무", "법무", "회계"]}.items()
       for w in words},
    **{w: ("facility", sub) for sub, words in {"창고 임대": ["창고", "임대"]}.items() for w in words},
}


def trade_of(text: str) -> tuple[str, str | None] | None:
    """(category key, subcategory) for a trade as people write it: a category key (`food`), its
    Korean or English label (`음식`, `Food & drink`), or a trade word (`국밥집`, `미용실`); None
    when nothing fits."""
    word = " ".join(str(text).split()).strip()
    if not word:
        return None
    key = word.lower()
    if key in CATEGORIES:
        return key, None
    for c in CATEGORIES.values():
        if word in (c.ko, c.en) or key == c.en.lower():
            return c.key, None
    compact = key.replace(" ", "")
    for w in sorted(TRADE_WORDS, key=len, reverse=True):
        if w.lower() == compact:
            return TRADE_WORDS[w]
    for w in sorted(TRADE_WORDS, key=len, reverse=True):  # 국밥집, 동네빵집: the word inside a longer name
        if len(w) >= 2 and w.lower() in compact:
            return TRADE_WORDS[w]
    return None
