"""Invented public data for the example streets: two quarterly SEMAS store files (상가(상권)정보)
around each street, imported as snapshots with `streetkit import semas --snapshot-only`; foot
traffic by time band and weekday (and, for the market, by month), card sales by trade and quarter
and by time band, population by age band, and a 30-response merchants' survey (docs/data.md).

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


# -- the consultant's data sets and survey (docs/data.md) ----------------------------------------------

BANDS = ["00~06시", "06~11시", "11~14시", "14~17시", "17~21시", "21~24시"]
#: Each example's rhythm: a university alley lives in the evening, a traditional market in the morning.
SHAPE = {
    "sinan-alley": {"band": [0.15, 0.55, 1.0, 0.8, 1.35, 0.9], "day": [1.0, 1.0, 1.05, 1.1, 1.3, 1.15, 0.85]},
    "jinju-bidan-market": {"band": [0.05, 1.2, 1.3, 0.9, 0.6, 0.15], "day": [0.9, 0.85, 0.9, 0.95, 1.05, 1.4, 1.3]},
}
QUARTER_LABELS = ["2025년 4분기", "2026년 1분기", "2026년 2분기", "2026년 3분기"]
AGE_BANDS = ["10대 미만", "10대", "20대", "30대", "40대", "50대", "60대 이상"]
SURVEY_TRADES = {"sinan-alley": ["음식", "소매", "수리·개인", "예술·스포츠"], "jinju-bidan-market": ["음식", "소매", "수리·개인"]}
SURVEY_SCALES = ["1년 전보다 손님이 늘었다", "상인회 활동에 만족한다", "지역화폐 결제가 매출에 도움이 된다",
                 "온라인 홍보가 필요하다", "골목 환경(조명·간판)이 좋아졌다"]
SURVEY_NEEDS = ["공동 마케팅", "주차 공간", "간판·조명 개선", "온라인 판매 교육", "배달앱 수수료 지원", "야간 행사"]
SURVEY_SAYS = [
    "방학이면 손님이 절반으로 줄어서 주민 손님을 잡을 방법이 필요합니다.", "밤에 골목이 어두워서 손님들이 무서워해요.",
    "지역화폐 손님이 늘어 좋지만 정산이 늦을 때가 있습니다.", "상인회 모임 시간을 저녁으로 옮겨 주면 좋겠습니다.",
    "배달 수수료 때문에 남는 게 없습니다. 공공배달앱 홍보를 같이 해 주세요.", "주차할 곳이 없어 어르신 손님이 못 오십니다.",
    "인스타그램 홍보를 배우고 싶은데 시간이 없어요.", "주말 장터를 하면 손님이 확실히 늘었습니다.",
    "간판 바꾸는 지원사업을 알았으면 신청했을 텐데 아쉽습니다.", "청년 가게가 더 들어와서 골목이 젊어졌으면 합니다.",
]


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_datasets(street_dir: Path) -> list[str]:
    """Foot traffic, card sales, population and a 30-response survey for the street (all invented)."""
    slug = street_dir.name
    rng = random.Random(f"{slug}-data")
    shape = SHAPE[slug]
    data = street_dir / "data"
    written = []

    def grid(base: float) -> list[list]:
        return [[band, *[round(base * b * d * rng.uniform(0.9, 1.1)) for d in shape["day"]]]
                for band, b in zip(BANDS, shape["band"])]

    _write_csv(data / "foot-traffic-hours.csv", ["시간대", "월", "화", "수", "목", "금", "토", "일"], grid(2400))
    _write_csv(data / "sales-hours.csv", ["시간대", "월", "화", "수", "목", "금", "토", "일"], grid(520))
    written += ["foot-traffic-hours.csv", "sales-hours.csv"]
    trades = {"sinan-alley": {"음식": 21500, "소매": 9800, "수리·개인": 4300, "예술·스포츠": 2100, "교육": 1600},
              "jinju-bidan-market": {"음식": 18200, "소매": 24600, "수리·개인": 2300, "보건의료": 3100}}[slug]
    rows = []
    for trade, base in trades.items():
        trend = rng.uniform(-0.03, 0.06)
        rows.append([trade, *[round(base * (1 + trend) ** q * rng.uniform(0.95, 1.05)) for q in range(4)]])
    _write_csv(data / "sales-by-trade.csv", ["업종", *QUARTER_LABELS], rows)
    resident = {"sinan-alley": [900, 1100, 5200, 2600, 1900, 2100, 2400],
                "jinju-bidan-market": [1100, 1300, 1500, 1700, 2300, 2900, 4800]}[slug]
    working = {"sinan-alley": [0, 40, 1900, 1300, 900, 700, 450], "jinju-bidan-market": [0, 20, 800, 1400, 1600, 1500, 900]}[slug]
    _write_csv(data / "population.csv", ["연령대", "거주인구", "직장인구"],
               [[b, round(r * rng.uniform(0.95, 1.05)), round(w * rng.uniform(0.95, 1.05))]
                for b, r, w in zip(AGE_BANDS, resident, working)])
    written.append("population.csv")
    if slug == "jinju-bidan-market":  # the market's visitors by month (Sinan's monthly figures are a chart of its own)
        _write_csv(data / "foot-traffic-months.csv", ["월", "평일", "주말"],
                   [[f"2026-{m:02d}", round(3100 * rng.uniform(0.85, 1.15)), round(5200 * rng.uniform(0.8, 1.2))]
                    for m in range(1, 10)])
        written.append("foot-traffic-months.csv")
    survey = []
    for i in range(30):
        trade = rng.choice(SURVEY_TRADES[slug])
        lean = rng.uniform(-1, 1)
        scores = [str(min(5, max(1, round(rng.gauss(m + lean, 0.9))))) for m in (3.1, 3.6, 3.9, 4.3, 3.0)]
        needs = ";".join(sorted(rng.sample(SURVEY_NEEDS, k=rng.choice((1, 2, 2, 3))), key=SURVEY_NEEDS.index))
        says = SURVEY_SAYS[i % len(SURVEY_SAYS)] if i % 3 == 0 else ""
        survey.append([trade, *scores, needs, says])
    _write_csv(data / "survey.csv", ["업종", *SURVEY_SCALES, "가장 필요한 지원", "하고 싶은 말"], survey)
    written.append("survey.csv")
    return written


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
        print(f"{slug}: data/" + ", data/".join(write_datasets(street_dir)))


if __name__ == "__main__":
    main()
