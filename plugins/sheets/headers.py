"""Column headers as associations write them, and what each means.

Matching ignores spaces, case, brackets' punctuation and a trailing 명/번호 variant spelled out in
the table; `docs/import.md` lists every name.
"""
from __future__ import annotations

import difflib
import re

#: What a column holds -> the header names that mean it (Korean first).
FIELDS: dict[str, list[str]] = {
    "id": ["웹주소", "웹주소이름", "아이디", "id"],
    "name": ["상호", "상호명", "업소명", "가게이름", "가게명", "점포명", "상점명", "매장명", "name"],
    "name_en": ["영문상호", "영문명", "영어상호", "영어이름", "영문이름", "nameen", "englishname"],
    "trade": ["업종", "업태", "종목", "업종명", "분류", "업종분류", "category", "trade"],
    "subcategory": ["세부업종", "세부종목", "취급품목", "subcategory"],
    "phone": ["전화", "전화번호", "연락처", "가게전화", "대표번호", "휴대폰", "휴대전화", "phone", "tel"],
    "address": ["주소", "소재지", "도로명주소", "가게주소", "address"],
    "address_en": ["영문주소", "addressen"],
    "floor": ["층", "층수", "floor"],
    "hours": ["영업시간", "운영시간", "영업", "hours", "openinghours"],
    "break": ["브레이크타임", "쉬는시간", "휴게시간", "break"],
    "hours_by_day": ["요일별영업시간", "요일별시간", "요일별"],
    "hours_note": ["영업시간안내", "영업시간메모", "hoursnote"],
    "closed": ["휴무", "휴무일", "정기휴무", "정기휴일", "쉬는날", "휴일", "closed"],
    "local": ["지역화폐", "상품권", "지역사랑상품권", "지역상품권", "지역화폐가맹", "상품권가맹"],
    "local_paper": ["지역화폐지류", "상품권지류", "지류", "종이상품권", "지류상품권"],
    "local_mobile": ["지역화폐모바일", "상품권모바일", "모바일", "모바일상품권"],
    "local_card": ["지역화폐카드", "상품권카드", "카드형", "카드상품권"],
    "zeropay": ["제로페이", "zeropay"],
    "onnuri": ["온누리", "온누리상품권", "onnuri"],
    "delivery": ["배달앱", "배달", "배달가능", "delivery"],
    "description": ["설명", "비고", "소개", "가게소개", "description"],
    "description_en": ["영문설명", "영문소개", "descriptionen"],
    "tags": ["특징", "태그", "tags"],
    "website": ["누리집", "홈페이지", "웹사이트", "website", "url"],
    # Events (a second sheet)
    "title": ["행사명", "행사이름", "행사", "제목", "title"],
    "title_en": ["영문행사명", "titleen"],
    "when": ["일시", "일정", "날짜", "행사일", "date"],
    "start": ["시작", "시작일시", "start"],
    "end": ["종료", "끝", "종료일시", "end"],
    "place": ["장소", "행사장소", "place"],
}
#: Columns a member list often has that are never imported (not published, or only a list's own),
#: with why — reported once, not as unknown.
IGNORED: dict[str, str] = {
    **dict.fromkeys(("번호", "순번", "연번", "no", "#"), "row number"),
    **dict.fromkeys(("대표자", "대표자명", "대표", "성명", "사업자번호", "사업자등록번호", "생년월일", "회비", "회비납부",
                     "가입일"), "personal data, not published"),
}


def _key(header: str) -> str:
    return re.sub(r"[\s()\[\]/·.,:_\-]+", "", header).lower()


_BY_KEY = {_key(w): f for f, words in FIELDS.items() for w in words}
_IGNORED_KEYS = {_key(w): why for w, why in IGNORED.items()}


def field_for(header: str) -> str | None:
    """What column `header` holds (`상호명` -> name), or None."""
    return _BY_KEY.get(_key(header)) if header else None


def ignored(header: str) -> str | None:
    """Why a known column is left out (`대표자` -> personal data), or None."""
    return _IGNORED_KEYS.get(_key(header))


def did_you_mean(header: str) -> str | None:
    """The known header closest to an unknown one."""
    words = [w for words in FIELDS.values() for w in words]
    close = difflib.get_close_matches(header, words, n=1, cutoff=0.5)
    return close[0] if close else None
