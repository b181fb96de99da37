"""Invented public data for the example streets: two quarterly SEMAS store files (상가(상권)정보)
around each street, imported as snapshots with `streetkit import semas --snapshot-only`.

Every store, name, id and figure here is made up (seeded, so a rerun writes the same files). The
shape is real: the SEMAS file's columns and codes, a 구 of several 행정동 with their own trade mix,
stores packed more densely near the street, and between the quarters about 5 % of stores closing
and 6 % opening, as SEMAS files of Korean 구 show. The street's own stores are its profile's
merchants (the newest quarter) and, a quarter earlier, a few shops since closed, without the
merchants that opened since.

    .venv/bin/python scripts/example_data.py            # both examples
    .venv/bin/python scripts/example_data.py --raw DIR  # also keep the generated SEMAS files in DIR
"""
from __future__ import annotations

import argparse
import csv
import math
import random
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streetkit  # noqa: E402
from streetkit import CATEGORIES  # noqa: E402

#: The two quarters each example gets (SEMAS publishes a file per quarter, named by its month).
QUARTERS = ("202606", "202609")
#: Neighbouring 행정동 of each example (real names, invented stores).
NEIGHBOURS = {
    "sinan-alley": ["용봉동", "중흥1동", "우산동", "풍향동", "임동", "문화동", "두암1동", "운암1동"],
    "jinju-bidan-market": ["성북동", "상봉동", "천전동", "상대동", "하대동", "평거동", "신안동", "이현동"],
}
#: A 구's trade mix, in percent (SEMAS counts of a residential 구, rounded).
BASE_MIX = {"food": 38, "retail": 24, "repair_personal": 13, "education": 7, "health": 5, "arts_sports": 4,
            "real_estate": 4, "science_tech": 2, "facility": 2, "lodging": 1}
SUBS = {
    "food": ["한식", "한식", "한식", "카페", "카페", "분식", "치킨", "주점", "중식", "제과점"],
    "retail": ["슈퍼마켓", "편의점", "의류", "약국", "안경점", "철물", "꽃집", "휴대폰"],
    "repair_personal": ["미용실", "미용실", "네일", "세탁소", "이발소", "수선"],
    "education": ["학원", "학원", "음악학원", "교습소"],
    "health": ["의원", "치과", "한의원"],
    "arts_sports": ["헬스", "노래방", "PC방", "필라테스"],
    "real_estate": ["부동산중개"],
    "science_tech": ["디자인", "사무소"],
    "facility": ["창고 임대"],
    "lodging": ["숙박", "게스트하우스"],
}
HEADER = ["상가업소번호", "상호명", "지점명", "상권업종대분류코드", "상권업종대분류명", "상권업종소분류코드", "상권업종소분류명",
          "시도명", "시군구명", "행정동명", "도로명", "도로명주소", "층정보", "경도", "위도"]
CELL_M = 700          # a 행정동 is drawn as a square cell of this side
STORES_PER_DONG = 140
NEAR_EXTRA = 110      # stores packed within 500 m of the street, besides the cells' own
SYLLABLES = "가나다라마바사아자차카타파하고노도로모보소오조초해달별솔빛온누리한결새봄들꽃"


@dataclass(frozen=True)
class Raw:
    id: str
    name: str
    category: str
    sub: str
    dong: str
    lat: float
    lng: float


def _offset(lat: float, lng: float, north_m: float, east_m: float) -> tuple[float, float]:
    return lat + north_m / 111_320, lng + east_m / (111_320 * math.cos(math.radians(lat)))


def _name(rng: random.Random, sub: str) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))) + sub.replace(" ", "")


def _trade(rng: random.Random, mix: dict[str, float]) -> tuple[str, str]:
    key = rng.choices(list(mix), weights=list(mix.values()))[0]
    return key, rng.choice(SUBS[key])


def _id(rng: random.Random) -> str:
    return f"MA0101202{rng.randrange(10**8):08d}A"


def stores_of(street_dir: Path) -> tuple[list[Raw], list[Raw], str, str]:
    """The stores of the earlier and the later quarter around the street, its 시도 and 시군구."""
    street = streetkit.load(street_dir)
    p = street.profile
    rng = random.Random(p.slug)
    lat0, lng0 = p.location.lat, p.location.lng
    dongs = [p.region.dong, *NEIGHBOURS[p.slug]]
    cells = [(0, 0), *[(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dy, dx) != (0, 0)]]
    later: list[Raw] = []
    for dong, (dy, dx) in zip(dongs, cells):
        mix = {k: v * rng.uniform(0.6, 1.4) for k, v in BASE_MIX.items()}
        for _ in range(STORES_PER_DONG):
            key, sub = _trade(rng, mix)
            lat, lng = _offset(lat0, lng0, (dy + rng.uniform(-.5, .5)) * CELL_M, (dx + rng.uniform(-.5, .5)) * CELL_M)
            later.append(Raw(_id(rng), _name(rng, sub), key, sub, dong, lat, lng))
    for _ in range(NEAR_EXTRA):  # the street's surroundings are busier than the 구's average
        key, sub = _trade(rng, {**BASE_MIX, "food": 55})
        angle, dist = rng.uniform(0, 2 * math.pi), rng.uniform(120, 520)
        lat, lng = _offset(lat0, lng0, dist * math.sin(angle), dist * math.cos(angle))
        later.append(Raw(_id(rng), _name(rng, sub), key, sub, p.region.dong, lat, lng))
    # The street's own stores now: its merchants where they are.
    own = [Raw(_id(rng), m.name, m.category, m.subcategory or SUBS[m.category][0], p.region.dong,
               m.location.lat, m.location.lng) for m in p.merchants if m.location]
    # A quarter earlier: most stores were there already; some since closed, some opened since.
    earlier = [s for s in later if rng.random() > 0.06]
    for s in later:
        if rng.random() < 0.05:  # closed since the earlier quarter
            key, sub = _trade(rng, BASE_MIX)
            earlier.append(replace(s, id=_id(rng), name=_name(rng, sub), category=key, sub=sub,
                                   lat=s.lat + rng.uniform(-2e-4, 2e-4), lng=s.lng + rng.uniform(-2e-4, 2e-4)))
    opened_since = set(rng.sample(range(len(own)), k=max(1, len(own) // 15)))
    earlier += [s for i, s in enumerate(own) if i not in opened_since]
    for i in range(max(2, len(own) // 10)):  # street shops that closed since
        key, sub = _trade(rng, {**BASE_MIX, "food": 60})
        anchor = own[rng.randrange(len(own))]
        earlier.append(Raw(_id(rng), _name(rng, sub), key, sub, p.region.dong, anchor.lat + (i + 1) * 3e-5, anchor.lng))
    return earlier, later + own, p.region.sido, p.region.sigungu


def write_raw(stores: list[Raw], path: Path, sido: str, sigungu: str) -> None:
    """A SEMAS-shaped CSV (UTF-8 with BOM, as current downloads are)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i, s in enumerate(stores):
            code = CATEGORIES[s.category].semas
            w.writerow([s.id, s.name, "", code, CATEGORIES[s.category].ko, f"{code}{SUBS[s.category].index(s.sub) + 1:04d}"
                        if s.sub in SUBS[s.category] else f"{code}0000", s.sub, sido, sigungu, s.dong,
                        f"{s.dong[:2]}로{i % 40 + 1}번길", f"{sido} {sigungu} {s.dong[:2]}로{i % 40 + 1}번길 {i % 90 + 1}",
                        str(i % 3 + 1), f"{s.lng:.7f}", f"{s.lat:.7f}"])
        # A few stores of the next 구 in the same 시도 file, which the snapshot must leave out.
        for j in range(5):
            w.writerow([f"MA0101202{90000000 + j:08d}B", f"다른구가게{j}", "", "I2", "음식", "I20101", "한식", sido, "다른구",
                        "다른동", "", "", "1", f"{stores[0].lng + 0.05:.7f}", f"{stores[0].lat + 0.05:.7f}"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", type=Path, help="also keep the generated SEMAS files in this folder")
    args = parser.parse_args()
    from streetkit_plugins import semas

    for slug in NEIGHBOURS:
        street_dir = ROOT / "streets" / slug
        earlier, later, sido, sigungu = stores_of(street_dir)
        with tempfile.TemporaryDirectory() as tmp:
            folder = args.raw or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            for quarter, stores in zip(QUARTERS, (earlier, later)):
                raw = folder / f"소상공인시장진흥공단_상가(상권)정보_{sido[:2]}_{quarter}.csv"
                write_raw(stores, raw, sido, sigungu)
                _report, summary = semas.run(raw, street_dir, snapshot_only=True)
                print(f"{slug}: {summary}")


if __name__ == "__main__":
    main()
