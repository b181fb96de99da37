"""The everyday words visitors use for kinds of shop, and what each means in a street's data.

A visitor asks for a 밥집 or a "pub"; the profile says `category: food` or `subcategory: 주점`.
Each entry maps words (Korean and English; matched inside the question with spaces removed, except
one-syllable words such as 빵 or 약, which must stand as a word of their own) to a rule over the
merchant's data: `c:<category>`, `s:<subcategory>|<subcategory>…` (exact), or `t:<tag>`.

Why a table and not a morphological analyser (kiwipiepy was considered): questions are a few words
long, the useful words are nouns from a small closed set, and the browser must answer offline. A
table matched against the question with particles left in costs a few kilobytes in the index and
nothing at build time; an analyser would add a 100 MB model to the build and could not run in the
browser, where the question is asked.
"""
from __future__ import annotations

#: (words, rule). Order matters only for naming: the first word a question uses names the answer.
TRADES: list[tuple[tuple[str, ...], str]] = [
    (("식당", "밥집", "음식점", "맛집", "먹을", "밥먹", "밥 먹", "점심", "저녁", "식사",
      "restaurant", "food", "eat", "lunch", "dinner", "meal"), "c:food"),
    (("카페", "커피", "cafe", "café", "coffee"), "s:카페|전통찻집"),
    (("찻집", "전통차", "tea house", "teahouse"), "s:전통찻집"),
    (("빵집", "빵", "베이커리", "제과", "bakery", "bread"), "s:제과·제빵"),
    (("술집", "술", "호프", "포차", "주점", "이자카야", "맥주", "소주", "막걸리", "bar", "pub", "beer", "drink"), "s:주점"),
    (("치킨", "통닭", "chicken"), "s:치킨"),
    (("분식", "김밥", "떡볶이", "snack"), "s:분식|간식|어묵"),
    (("떡집", "떡", "rice cake"), "s:떡집"),
    (("꽃집", "꽃", "화원", "flower", "florist"), "s:꽃집"),
    (("약국", "약", "pharmacy", "drugstore", "chemist"), "s:약국"),
    (("병원", "의원", "치과", "한의원", "clinic", "dentist", "doctor", "hospital"), "s:치과|한의원"),
    (("미용실", "헤어", "머리", "이발", "hair", "salon", "barber", "haircut"), "s:미용실|이발소"),
    (("세탁", "빨래", "laundry", "dry clean"), "s:세탁소"),
    (("수선", "수리", "고치", "고쳐", "repair", "fix", "alteration", "mend"), "s:구두수선|휴대폰 수리|수선|시계수리|대장간"),
    (("숙소", "숙박", "게스트하우스", "잠잘", "묵을", "hotel", "stay", "guesthouse", "hostel", "accommodation"), "c:lodging"),
    (("반찬", "김치", "side dish"), "s:반찬가게"),
    (("학원", "배울", "배우", "academy", "lessons", "school"), "c:education"),
    (("과일", "fruit"), "s:청과"),
    (("채소", "야채", "vegetable", "veg"), "s:채소|청과"),
    (("생선", "수산", "해산물", "fish", "seafood"), "s:수산물|건어물"),
    (("고기", "정육", "meat", "butcher"), "s:정육점"),
    (("옷", "의류", "clothes", "clothing"), "s:의류|한복"),
    (("책", "서점", "책방", "book"), "s:서점"),
    (("안경", "glasses", "optician"), "s:안경"),
    (("마트", "슈퍼", "편의점", "supermarket", "grocery", "groceries"), "s:슈퍼마켓"),
    (("비건", "채식", "vegan", "vegetarian", "plant-based"), "t:비건"),
    (("한식", "korean food"), "s:한식"),
    (("신발", "shoes"), "s:신발"),
    (("반려동물용품", "애견용품", "펫샵", "pet shop", "pet supplies"), "s:반려동물용품"),
]


def vocabulary(subcategories: set[str], tags: set[str], categories: set[str]) -> list[list]:
    """The entries whose rule can match something on this street, as the index stores them
    ([words, rule]); a trade the street lacks is kept too, with the rule "none", so the assistant
    can say "there is none here" rather than list every shop."""
    out = []
    for words, rule in TRADES:
        kind, _, value = rule.partition(":")
        wanted = set(value.split("|"))
        there = {"c": categories, "s": subcategories, "t": tags}[kind] & wanted
        out.append([list(words), f"{kind}:{'|'.join(sorted(there))}" if there else "none"])
    return out
