"""Offline street map: an SVG drawn from the profile's coordinates, with numbered merchant markers."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field

import streetkit
from streetkit import Chapter, Page, Place, Section, Street, charts

#: The plugin in the studio's words.
TITLE = "골목 지도 (인터넷 없이 그리는 가게 지도)"


class Point(Section):
    lat: float = Field(title="위도", ge=-90, le=90)
    lng: float = Field(title="경도", ge=-180, le=180)


class MapStreet(Section):
    """A street drawn on the map, as a line through its points."""

    name: str = Field(title="길 이름")
    name_en: str | None = Field(None, title="길 이름 (영어)")
    points: list[Point] = Field(title="길이 지나는 점", min_length=2)


class Landmark(Section):
    """A place visitors orient by: a bus stop, a car park, the association office."""

    name: str = Field(title="이름")
    name_en: str | None = Field(None, title="이름 (영어)")
    location: Point = Field(title="위치")
    #: What the place is, so the assistant answers "주차장 어디?" from the data, not from a name.
    kind: Literal["parking", "toilet", "bus", "subway", "office", "info", "atm", "other"] = Field(
        "other", title="종류", description="parking (주차장), toilet (화장실), bus (버스 정류장), subway (지하철역), "
        "office (상인회 사무실), info (안내소·고객지원센터), atm (현금인출기) or other.")


class MapSection(Section):
    """Section `map`: what the offline map draws besides the merchants and the area outline."""

    model_config = ConfigDict(title="골목 지도")

    streets: list[MapStreet] = Field(title="지도에 그릴 길", default_factory=list)
    landmarks: list[Landmark] = Field(title="길잡이 장소 (버스 정류장, 주차장 …)", default_factory=list)


@streetkit.hookimpl
def street_loaded(street: Street):
    """The profile's landmarks become the street's places (other plugins add theirs: the centre)."""
    section = street.section("map")
    for lm in section.landmarks if section else []:
        street.add_place(Place(lm.name, lm.location.lat, lm.location.lng, lm.name_en or "", lm.kind))


@streetkit.hookimpl
def config_schema() -> dict[str, type[BaseModel]]:
    return {"map": MapSection}

ENABLED_BY_DEFAULT = True
WIDTH = 1000
PAD = 40


def mapped_merchants(street: Street) -> list[tuple[int, Any]]:
    """(number, merchant) of the merchants that have coordinates, in number order. The numbers are
    the street's (`Street.merchant_numbers`), shared with the report's appendix: a shop without
    coordinates leaves its number out here rather than shifting the others."""
    numbers = street.merchant_numbers()
    return sorted((numbers[m.id], m) for m in street.profile.merchants if m.location)


#: A place farther than this from the street's centre is left off its map (metres): a district's
#: support centre two kilometres away would shrink the street to a corner. Its own page says where.
PLACE_REACH_M = 800


def mapped_places(street: Street) -> list:
    """The street's places (bus stops, the centre …) near enough to the street to be on its map."""
    p = street.profile
    pts = [(m.location.lat, m.location.lng) for m in p.merchants if m.location] + [(a.lat, a.lng) for a in p.area or []]
    centre = (p.location.lat, p.location.lng) if p.location else \
        (sum(lat for lat, _ in pts) / len(pts), sum(lng for _, lng in pts) / len(pts)) if pts else None
    if centre is None:
        return list(street.places)
    k = math.cos(math.radians(centre[0]))
    return [pl for pl in street.places
            if math.hypot(pl.lat - centre[0], (pl.lng - centre[1]) * k) * 111_320 <= PLACE_REACH_M]


def _projection(street: Street):
    """Equirectangular projection scaled by cos(latitude): fine at street scale, no library needed."""
    p = street.profile
    pts = [(m.location.lat, m.location.lng) for m in p.merchants if m.location]
    pts += [(a.lat, a.lng) for a in (p.area or [])]
    section = street.section("map")
    if section:
        pts += [(q.lat, q.lng) for st in section.streets for q in st.points]
    pts += [(place.lat, place.lng) for place in mapped_places(street)]
    if p.location:
        pts.append((p.location.lat, p.location.lng))
    if not pts:
        return None
    lat0 = sum(lat for lat, _ in pts) / len(pts)
    k = math.cos(math.radians(lat0))
    xs = [lng * k for _, lng in pts]
    ys = [-lat for lat, _ in pts]
    span_x = max(max(xs) - min(xs), 1e-4)
    span_y = max(max(ys) - min(ys), 1e-4)
    scale = (WIDTH - 2 * PAD) / max(span_x, span_y * 1.0)
    height = min(int(span_y * scale) + 2 * PAD, 1400)
    def project(lat: float, lng: float) -> tuple[float, float]:
        return (PAD + (lng * k - min(xs)) * scale, PAD + (-lat - min(ys)) * scale)
    return project, height


#: Beyond this many shops a printed A4 map cannot show readable numbered pins (nor its legend fit a
#: page): the report's map then shows small dots and leaves the list to the appendix.
NUMBERED_MAX = 150


def map_svg(street: Street, href_prefix: str = "", lang: str = "ko", markers: bool = True, label: str = "",
            numbered: bool = True, text_scale: float = 1.0) -> Markup:
    """The street map as inline SVG. Marker n links to `href_prefix + id + '/'` when a prefix is
    given; with `numbered=False` markers are small unlabelled dots (a street of hundreds of shops).
    `text_scale` enlarges labels and dots for a map shown small (the home page's teaser)."""
    u = text_scale
    proj = _projection(street)
    if proj is None:
        return Markup("")
    project, height = proj
    t = street.tokens
    # With links inside, the map is a group of links; without, a picture.
    role = "group" if markers and href_prefix else "img"
    # The labels in the street's own type (an SVG does not inherit the page's fonts in every renderer:
    # WeasyPrint's fell back to DejaVu Sans for the markers' numbers). The token is derived, not typed.
    parts = [f'<svg class="street-map" viewBox="0 0 {WIDTH} {height}" role="{role}" aria-label="{escape(label)}" '
             f"font-family='{t['font-sans']}' xmlns=\"http://www.w3.org/2000/svg\">",
             f'<rect width="{WIDTH}" height="{height}" fill="{t["color-primary-tint"]}"/>']
    if street.profile.area:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (project(a.lat, a.lng) for a in street.profile.area))
        parts.append(f'<polygon points="{pts}" fill="{t["color-surface"]}" stroke="{t["color-primary-text"]}" '
                     f'stroke-width="3" stroke-dasharray="10 6"/>')
    section = street.section("map")
    def halo(text_element: str) -> str:
        # An outline in the page colour under the label keeps it readable over roads and markers. Drawn as a
        # copy underneath rather than with `paint-order`, which WeasyPrint's SVG renderer ignores.
        halo = f'<text stroke="{t["color-surface"]}" stroke-width="{5 * u:g}" stroke-linejoin="round" '
        outline = text_element.replace("<text ", halo, 1)
        return outline + text_element
    for st in section.streets if section else []:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (project(q.lat, q.lng) for q in st.points))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{t["color-border"]}" stroke-width="26" '
                     f'stroke-linecap="round" stroke-linejoin="round"/>'
                     f'<polyline points="{pts}" fill="none" stroke="{t["color-surface"]}" stroke-width="20" '
                     f'stroke-linecap="round" stroke-linejoin="round"/>')
    under_labels = len(parts)  # where unlabelled dots go: labels stay readable on top of them
    for st in section.streets if section else []:
        (x1, y1), (x2, y2) = project(st.points[0].lat, st.points[0].lng), project(st.points[1].lat, st.points[1].lng)
        angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
        if angle > 90 or angle < -90:
            angle += 180
        name = (st.name_en or st.name) if lang == "en" else st.name
        # Centred by measuring: WeasyPrint puts `text-anchor` text in transparency groups (no PDF/X-3).
        start = (x1 + x2) / 2 - charts.text_width(name, 15 * u) / 2
        parts.append(halo(f'<text x="{start:.1f}" y="{(y1 + y2) / 2 + 5 * u:.1f}" font-size="{15 * u:g}" '
                          f'fill="{t["color-muted"]}" transform="rotate({angle:.1f} {(x1 + x2) / 2:.1f} {(y1 + y2) / 2:.1f})"'
                          f'>{escape(name)}</text>'))
    for place in mapped_places(street):
        x, y = project(place.lat, place.lng)
        name = place.label(lang)
        # Hangul is ~1 em wide: put the label on the left when it would run out of the frame.
        width = charts.text_width(name, 15 * u, 700)
        gap = 14 * u
        label_x = x + gap if x + gap + width <= WIDTH - 4 else x - gap - width
        parts.append(f'<rect x="{x - 8 * u:.1f}" y="{y - 8 * u:.1f}" width="{16 * u:g}" height="{16 * u:g}" rx="3" '
                     f'fill="{t["color-ink"]}"/>'
                     + halo(f'<text x="{label_x:.1f}" y="{y + 5 * u:.1f}" font-size="{15 * u:g}" '
                            f'font-weight="700" fill="{t["color-ink"]}">{escape(name)}</text>'))
    if markers and not numbered:
        dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{6 * u:g}"/>' for x, y in
                       (project(m.location.lat, m.location.lng) for _n, m in mapped_merchants(street)))
        parts.insert(under_labels, f'<g fill="{t["color-primary-surface"]}" stroke="{t["color-surface"]}" '
                                   f'stroke-width="1.5">{dots}</g>')
    elif markers:
        for n, m in mapped_merchants(street):
            x, y = project(m.location.lat, m.location.lng)
            name = (m.name_en or m.name) if lang == "en" else m.name
            dot = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="15" fill="{t["color-primary-surface"]}" stroke="{t["color-surface"]}" '
                   f'stroke-width="2"/><text x="{x - charts.text_width(str(n), 14, 700) / 2:.1f}" y="{y + 5:.1f}" font-size="14" '
                   f'font-weight="700" fill="{t["color-on-primary"]}">{n}</text>')
            if href_prefix:
                parts.append(f'<a href="{escape(href_prefix + m.id + "/")}" aria-label="{n}. {escape(name)}">'
                             f'<title>{n}. {escape(name)}</title>{dot}</a>')
            else:
                parts.append(f'<g><title>{n}. {escape(name)}</title>{dot}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))


#: A district map names its streets up to this many, numbers them up to `DISTRICT_NUMBERED`, and
#: beyond that (a national portal) shows dots: the cards and the directory list them all.
DISTRICT_LABELLED = 30
DISTRICT_NUMBERED = 99
#: The district map's width in SVG units: narrower than a street map's, so that its labels stay
#: readable on a phone (the page caps its width on a desktop).
DISTRICT_WIDTH = 640
#: Round lengths a scale bar may show, in metres.
SCALE_STEPS = (50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000)


def district_map_svg(street: Street, lang: str = "ko", label: str = "") -> Markup:
    """A district portal's map (`street.portal`): each street's outline and a numbered marker
    linking to its site, its name beside it, and a scale bar; drawn from the streets' records
    (location, area), offline."""
    t = street.tokens
    assert street.portal is not None
    entries = [e for e in street.portal.streets if e.profile.get("location") or e.profile.get("area")]
    if not entries:
        return Markup("")
    def where(entry) -> tuple[float, float]:
        loc = entry.profile.get("location")
        if loc:
            return loc["lat"], loc["lng"]
        area = entry.profile["area"]
        return sum(a["lat"] for a in area) / len(area), sum(a["lng"] for a in area) / len(area)
    pts = [where(e) for e in entries] + [(a["lat"], a["lng"]) for e in entries for a in e.profile.get("area") or []]
    lat0 = sum(lat for lat, _ in pts) / len(pts)
    k = math.cos(math.radians(lat0))
    xs, ys = [lng * k for _, lng in pts], [-lat for lat, _ in pts]
    pad_x, pad_y = 170, 60  # room for a name on either side, and for the scale bar
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * 1.6, 0.002)
    scale = (DISTRICT_WIDTH - 2 * pad_x) / span
    height = int((max(ys) - min(ys)) * scale) + 2 * pad_y
    def project(lat: float, lng: float) -> tuple[float, float]:
        return (pad_x + (lng * k - min(xs)) * scale + (DISTRICT_WIDTH - 2 * pad_x - (max(xs) - min(xs)) * scale) / 2,
                pad_y + (-lat - min(ys)) * scale)
    parts = [f'<svg class="street-map district-map" viewBox="0 0 {DISTRICT_WIDTH} {height}" role="group" '
             f'aria-label="{escape(label)}" '
             f"font-family='{t['font-sans']}' xmlns=\"http://www.w3.org/2000/svg\">",
             f'<rect width="{DISTRICT_WIDTH}" height="{height}" fill="{t["color-primary-tint"]}"/>']
    for entry in entries:
        corners = [project(a["lat"], a["lng"]) for a in entry.profile.get("area") or []]
        # An outline smaller than its marker would only show as a frame around the number.
        if corners and max(x for x, _ in corners) - min(x for x, _ in corners) > 48:
            poly = " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)
            parts.append(f'<polygon points="{poly}" fill="{t["color-surface"]}" stroke="{t["color-primary-text"]}" '
                         'stroke-width="2"/>')
    many = len(entries) > DISTRICT_NUMBERED
    for entry in entries:
        x, y = project(*where(entry))
        p = entry.profile
        name = entry.short_name(lang)
        title = label = f"{entry.number}. {escape((p.get('name_en') or p['name']) if lang == 'en' else p['name'])}"
        if many:
            mark = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{t["color-primary-surface"]}"/>'
        else:
            n = str(entry.number)
            mark = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="20" fill="{t["color-primary-surface"]}" stroke="{t["color-surface"]}" '
                    f'stroke-width="2"/><text x="{x - charts.text_width(n, 19, 700) / 2:.1f}" y="{y + 7:.1f}" font-size="19" '
                    f'font-weight="700" fill="{t["color-on-primary"]}">{n}</text>')
            if len(entries) <= DISTRICT_LABELLED:
                region = p.get("region", {})
                place = (region.get("dong_en") or region.get("dong")) if lang == "en" else region.get("dong")
                width = max(charts.text_width(name, 22, 700), charts.text_width(place or "", 18))
                lx = x + 28 if x + 28 + width <= DISTRICT_WIDTH - 4 else x - 28 - width
                text = (f'<text x="{lx:.1f}" y="{y:.1f}" font-size="22" font-weight="700" fill="{t["color-ink"]}">'
                        f' {escape(name)}</text>')  # the leading space: read as "1 신안 모퉁이길", not drawn
                if place:
                    text += f'<text x="{lx:.1f}" y="{y + 22:.1f}" font-size="18" fill="{t["color-ink"]}"> {escape(place)}</text>'
                # One element each, outlined by `paint-order` (the map is for browsers): a copy drawn
                # underneath would be read, and count as shown text, twice.
                halo = f'<text paint-order="stroke" stroke="{t["color-primary-tint"]}" stroke-width="5" stroke-linejoin="round" '
                mark += text.replace("<text ", halo)
                # named as it reads (a name that differs from the words shown confuses voice control)
                label = f"{entry.number} {escape(name)}" + (f" {escape(place)}" if place else "")
        parts.append(f'<a href="{escape(entry.url("", lang))}" aria-label="{label}"><title>{title}</title>{mark}</a>')
    metres_per_px = 111_320 / scale
    length = next((m for m in SCALE_STEPS if m / metres_per_px >= DISTRICT_WIDTH / 8), SCALE_STEPS[-1])
    bar = length / metres_per_px
    caption = f"{length // 1000:g} km" if length >= 1000 else f"{length} m"
    x0, y0 = 24, height - 24
    parts.append(f'<g fill="{t["color-ink"]}"><rect x="{x0}" y="{y0}" width="{bar:.1f}" height="4"/>'
                 f'<text x="{x0}" y="{y0 - 8}" font-size="18">{caption}</text></g></svg>')
    return Markup("".join(parts))


#: The printed map's legend: numbered names in this many columns, read top to bottom.
LEGEND_COLUMNS = 4


def legend_columns(mapped: list, columns: int = LEGEND_COLUMNS) -> list[list]:
    """The legend's (number, merchant) pairs cut into columns, the first ones one longer. Printed
    as lists side by side: WeasyPrint balancing one CSS multi-column list took a tenth of the
    report's time."""
    size, extra = divmod(len(mapped), columns)
    out, start = [], 0
    for k in range(columns):
        end = start + size + (k < extra)
        if end > start:
            out.append(mapped[start:end])
        start = end
    return out


@streetkit.hookimpl
def report_sections(street: Street):
    """The report's location map: the overview chapter shows the same map as the site, numbered."""
    if not any(m.location for m in street.profile.merchants):
        return None
    mapped = mapped_merchants(street)
    numbered = len(mapped) <= NUMBERED_MAX
    return [Chapter("location", "위치와 범위", "print/report/location.html", parent="overview", order=10,
                          context={"map": map_svg(street, label=f"{street.profile.name} 지도", numbered=numbered),
                                   "mapped": mapped, "numbered": numbered, "legend": legend_columns(mapped)})]


@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent / "templates"]


@streetkit.hookimpl
def template_slots():
    return {"nav": ["site/_map_nav.html"], "home_contact": ["site/_map_teaser.html"], "portal_map": ["site/_portal_map.html"]}


@streetkit.hookimpl
def jinja_environment(env, street):
    env.globals["map_svg"] = lambda href_prefix="", lang="ko", markers=True, label="", numbered=True, text_scale=1.0: map_svg(
        street, href_prefix, lang, markers, label, numbered, text_scale)
    mapped = mapped_merchants(street)  # every page's navigation asks; sort once
    env.globals["mapped_merchants"] = lambda: mapped
    if street.portal is not None:
        env.globals["district_map"] = lambda lang="ko", label="": district_map_svg(street, lang, label)


@streetkit.hookimpl
def artifacts(street: Street):
    if not any(m.location for m in street.profile.merchants):
        return []
    return [Page(path=f"site/{streetkit.site_path(lang, 'map/index.html')}", template="site/map.html", lang=lang)
            for lang in street.languages]
