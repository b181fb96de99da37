"""A synthetic street for benchmarks: N merchants, events and news, written as a real street folder."""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

SUBS = {"food": ["한식", "카페", "분식", "중식", "제과·제빵", "치킨"], "retail": ["꽃집", "서점", "안경", "과일", "잡화"],
        "repair_personal": ["미용실", "세탁소", "네일", "구두수선"], "education": ["수학학원", "피아노"],
        "health": ["약국", "치과"], "arts_sports": ["필라테스", "공방"]}
WORDS = ["모퉁이", "골목", "하루", "봄날", "달빛", "새벽", "꽃담", "온기", "다정", "한결", "푸른", "작은"]


def _merchant(i: int, rng: random.Random, photo: str | None) -> str:
    category = rng.choice(list(SUBS))
    name = f"{rng.choice(WORDS)}{rng.choice(SUBS[category]).split('·')[0]} {i}호점"
    start = rng.choice(["09:00", "10:00", "11:00"])
    end = rng.choice(["20:00", "21:00", "22:00", "02:00"])
    pay = rng.choice(["{local: [paper, card, mobile], zeropay: true}", "{local: [paper], onnuri: true}", "{zeropay: true}"])
    lines = [f"  - id: shop-{i}", f"    name: {name}", f"    name_en: Shop {i}", f"    category: {category}",
             f"    subcategory: {rng.choice(SUBS[category])}", f"    address: 광주광역시 북구 신안로 {i % 90 + 1}번길 {i % 40 + 1}",
             f"    phone: 062-5{i % 10}{(i // 10) % 10}-{1000 + i:04d}",
             f'    hours: {{mon: "{start}-{end}", tue: "{start}-{end}", wed: "{start}-{end}", thu: "{start}-{end}", '
             f'fri: "{start}-{end}", sat: "{start}-{end}"}}',
             f"    location: {{lat: {35.1738 + rng.random() * 0.0028:.6f}, lng: {126.9048 + rng.random() * 0.0040:.6f}}}",
             f"    description: {name}은 골목에서 {i % 30 + 1}년째 손님을 맞고 있습니다. 단골이 많은 가게입니다.",
             f"    pay: {pay}"]
    if category == "food" and i % 3 == 0:
        lines.append(f"    delivery: {{ddangyo: https://order.example.kr/ddangyo/shop-{i}}}")
    if photo:
        lines.append(f"    photo: {photo}")
    return "\n".join(lines) + "\n"


def write_street(root: Path, merchants: int = 1000, events: int = 100, news: int = 200, photos: int = 20,
                 slug: str | None = None, seed: int = 0) -> Path:
    """Write `root/streets/<slug>/` and return the street folder; streets with different seeds have
    different shops and photos (so no cache serves one street's files to another)."""
    from PIL import Image, ImageDraw

    rng = random.Random(merchants * 1000 + seed)  # the same street every run
    slug = slug or f"bench-{merchants}"
    folder = root / "streets" / slug
    for sub in ("images", "news", "pages"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for p in range(photos):
        im = Image.new("RGB", (1800, 1200), (200 - p * 5, 180 - seed % 50, 150 + p * 3))
        ImageDraw.Draw(im).rectangle((200, 300, 1600, 1000), fill=(60 + p * 7, 90 + seed % 100, 120))
        im.save(folder / f"images/shop-{p}.jpg", quality=85)
    start = date(2026, 1, 3)
    event_lines = "".join(
        f'  - id: event-{e}\n    title: 골목 행사 {e}회\n    start: "{start + timedelta(days=3 * e)} 18:00"\n'
        f'    end: "{start + timedelta(days=3 * e)} 21:00"\n    place: 골목 입구 광장\n'
        f"    description: 이웃과 함께하는 {e}번째 골목 행사입니다.\n" for e in range(events))
    merchant_lines = "".join(_merchant(i, rng, f"images/shop-{i}.jpg" if i < photos else None) for i in range(merchants))
    (folder / "street.yaml").write_text(f"""slug: {slug}
name: 벤치마크 {merchants} 골목형상점가
name_en: Benchmark {merchants} Alley
tagline: 성능 측정을 위한 가상의 골목
designation: alley
region: {{sido: 광주광역시, sigungu: 북구, dong: 신안동}}
address: 광주광역시 북구 신안로 일원
location: {{lat: 35.1752, lng: 126.9068}}
area: [{{lat: 35.1737, lng: 126.9047}}, {{lat: 35.1767, lng: 126.9047}}, {{lat: 35.1767, lng: 126.9089}}, {{lat: 35.1737, lng: 126.9089}}]
association: {{name: 벤치마크 상인회, phone: 062-514-7700}}
base_url: https://bench.example.kr/
brand: {{primary: "#2E86AB", font: sans}}
plugins: [local_currency, delivery]
updated: 2026-11-01
local_currency:
  currency: {{name: 북구사랑상품권, forms: [paper, card, mobile], discount: 10}}
merchants:
{merchant_lines}events:
{event_lines}""", "utf-8")
    for n in range(news):
        day = date(2026, 1, 1) + timedelta(days=n)
        (folder / f"news/{day}-news-{n}.md").write_text(
            f"---\ntitle: 골목 소식 {n}호\ndate: {day}\nsummary: 골목의 {n}번째 소식입니다.\n---\n\n"
            + f"이번 소식에서는 **골목 행사**와 새로 문을 연 가게를 소개합니다. {n}번째 이야기.\n\n" * 5, "utf-8")
    (folder / "pages/about.md").write_text("---\ntitle: 골목 소개\n---\n\n벤치마크용 골목입니다.\n", "utf-8")
    return folder
