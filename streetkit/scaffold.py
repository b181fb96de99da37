"""`streetkit new`: a commented street folder that validates as it is."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from .errors import StreetkitError
from .i18n import _

TEMPLATE = """\
# yaml-language-server: $schema=../../schema/street.schema.json
# The profile of one shopping street. Every field is explained below; run
# `streetkit validate {folder}` after editing, and `streetkit build {folder}` to build.

slug: {slug}                      # short ASCII name used in URLs and the output folder
name: 새 골목형상점가               # Korean name, as on the signs
name_en: New Alley Market         # English name (optional; enables the English site)
tagline: 걸어서 만나는 동네 가게들    # one line under the name
tagline_en: Neighbourhood shops within walking distance
designation: alley                # alley (골목형 상점가), market (전통시장), shopping_street, street
region:
  sido: 광주광역시
  sigungu: 북구
  dong: 신안동
  sido_en: Gwangju
  sigungu_en: Buk-gu
  dong_en: Sinan-dong
address: 광주광역시 북구 신안동 000-0      # representative address (도로명주소)
location: {{lat: 35.1740, lng: 126.9120}}   # centre of the street (WGS84)
association:                      # the merchants' association (상인회)
  name: 새 골목형상점가 상인회
  phone: 062-000-0000
  email: office@example.kr
base_url: https://example.kr/{slug}/   # where the site will be published (used in QR codes)
theme: default                    # see `streetkit themes`
brand:
  primary: "#1F6F5C"              # brand colour; text colours are derived to keep contrast
  font: sans                      # sans, serif or rounded
plugins: []                       # optional plugins (see `streetkit plugins`)
updated: 2026-01-01               # last review date: stamps PDFs so rebuilds are identical

merchants:
  - id: first-shop                # stable id: the page is /merchants/first-shop/
    name: 첫 가게
    name_en: First Shop
    category: food                # food, retail, repair_personal, arts_sports, education,
                                  # lodging, health, real_estate, science_tech, facility
    subcategory: 카페
    address: 광주광역시 북구 신안동 000-1
    phone: 062-000-0001
    hours:                        # "HH:MM-HH:MM" or closed; a weekday left out is closed
      mon: "10:00-21:00"
      tue: "10:00-21:00"
      wed: "10:00-21:00"
      thu: "10:00-21:00"
      fri: "10:00-22:00"
      sat: "11:00-22:00"
      sun: closed
      break: "15:00-16:00"        # optional daily break time
    location: {{lat: 35.1741, lng: 126.9121}}
    description: 동네 사람들이 모이는 작은 카페입니다.

events:
  - id: opening-day
    title: 골목 여는 날
    start: "{event_day} 11:00"
    end: "{event_day} 18:00"
    place: 골목 입구 광장
"""


def example_event_day(today: date) -> date:
    """The example event's day: a Saturday four to five weeks after `today`, so that it is still
    ahead (on the site, with its poster) while the new profile is being filled in."""
    day = today + timedelta(days=28)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def profile_text(slug: str, folder: str, today: date | None = None) -> str:
    """The commented street.yaml `streetkit new` writes."""
    return TEMPLATE.format(slug=slug, folder=folder, event_day=example_event_day(today or date.today()).isoformat())


def create(folder: Path, slug: str, today: date | None = None) -> Path:
    """Create `folder` with street.yaml and empty pages/, news/, images/, data/."""
    if folder.exists() and any(folder.iterdir()):
        raise StreetkitError(_("{folder} already exists and is not empty", folder=folder))
    import re
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?", slug):
        raise StreetkitError(_("slug {slug!r}: use lower-case ASCII letters, digits and dashes, e.g. sinan-alley", slug=slug))
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("pages", "news", "images", "data"):
        (folder / sub).mkdir(exist_ok=True)
    (folder / "street.yaml").write_text(profile_text(slug, folder.as_posix(), today), "utf-8")
    (folder / "pages" / "about.md").write_text("---\ntitle: 상점가 소개\norder: 1\n---\n\n우리 골목을 소개합니다.\n", "utf-8")
    return folder
