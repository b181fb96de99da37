"""Website builder: home, merchant directory and pages, events, news and free pages, in Korean and English."""
from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from types import SimpleNamespace
from urllib.parse import quote, urlparse

import jinja2
from markupsafe import Markup, escape

import streetkit
from streetkit import CATEGORIES, Asset, Image, Page, Street

from . import portal as siteportal

#: The plugin in the studio's words.
TITLE = "누리집 (한국어·영어)"

ENABLED_BY_DEFAULT = True

#: Interface text. Korean first; English where the site has an English version.
UI = {
    "skip": ("본문 바로가기", "Skip to content"),
    "home": ("홈", "Home"),
    "merchants": ("상점 안내", "Shops"),
    "events": ("행사", "Events"),
    "news": ("소식", "News"),
    "all": ("전체", "All"),
    "contact": ("문의", "Contact"),
    "hours": ("영업시간", "Opening hours"),
    "closed": ("휴무", "Closed"),
    "break": ("브레이크타임", "Break"),
    "phone": ("전화", "Phone"),
    "address": ("주소", "Address"),
    "map_naver": ("네이버 지도", "Naver Map"),
    "map_kakao": ("카카오맵", "Kakao Map"),
    "channels": ("메신저·예약", "Message or book"),
    "upcoming": ("다가오는 행사", "Upcoming events"),
    "workshop": ("교육", "Workshop"),
    "next_dates": ("다음 일정", "Next dates"),
    "host": ("주관", "Run by"),
    "capacity": ("정원", "Places"),
    "sign_up": ("신청하기", "Sign up"),
    "past": ("지난 행사", "Past events"),
    "no_events": ("예정된 행사가 없습니다.", "No events scheduled."),
    "place": ("장소", "Place"),
    "when": ("일시", "When"),
    "see_all": ("전체 상점 보기", "See all shops"),
    "latest_news": ("최근 소식", "Latest news"),
    "association": ("상인회", "Merchants' association"),
    "floor": ("층", "Floor"),
    "access": ("이용 편의", "Access"),
    "step_free": ("턱 없는 입구", "Step-free entrance"),
    "accessible_toilet": ("장애인 화장실", "Accessible toilet"),
    "parking": ("주차 가능", "Parking"),
    "stroller": ("유모차·휠체어 이동 가능", "Room for strollers"),
    "language": ("English", "한국어"),
    "back_directory": ("← 상점 목록", "← All shops"),
    "category": ("업종", "Category"),
    "not_found": ("페이지를 찾을 수 없습니다", "Page not found"),
    "not_found_text": ("주소가 바뀌었거나 없어진 페이지입니다.", "The page has moved or no longer exists."),
    "feed": ("소식 피드 (Atom)", "News feed (Atom)"),
    "add_calendar": ("캘린더에 추가 (.ics)", "Add to calendar (.ics)"),
    "subscribe_calendar": ("행사 캘린더 구독 (.ics)", "Subscribe to the events calendar (.ics)"),
    "payments": ("결제·혜택", "Payments"),
    "search": ("상점 검색", "Search shops"),
    "search_placeholder": ("상호, 업종, 메뉴로 찾기", "Name, trade or menu"),
    "open_now": ("지금 영업 중", "Open now"),
    "filters": ("조건", "Filters"),
    "none_match": ("조건에 맞는 상점이 없습니다.", "No shop matches these filters."),
    "open": ("영업 중", "Open"),
    "closed_now": ("영업 종료", "Closed now"),
    "today": ("오늘", "Today"),
    "map": ("지도", "Map"),
    "map_label": ("상점 위치 지도", "Map of the shops"),
    "map_note": ("번호를 누르면 상점 안내로 이동합니다.", "Select a number to open the shop's page."),
}


#: A number with its noun: Korean, English singular, English plural ({n} is the number).
COUNTED = {
    "merchants": ("{n}개 점포", "{n} shop", "{n} shops"),
    "shown": ("{n}개 점포 표시", "{n} shop shown", "{n} shops shown"),
}

_prefix = streetkit.lang_prefix


class UIText(SimpleNamespace):
    """Interface text in one language, for a page's `ui`: `{{ ui.merchants }}` (an attribute is
    read many times per page, far cheaper than a template function call), `{{ ui(key) }}` for a
    key held in a variable, and `{{ ui.n('merchants', 12) }}` for a number with its noun."""

    def __call__(self, key: str) -> str:
        return getattr(self, key)

    def n(self, key: str, count: int) -> str:
        """`count` with its noun, in this language's form: "12개 점포", "1 shop", "12 shops"."""
        return self.form(key, count).format(n=f"{count:,}")

    def form(self, key: str, count: int) -> str:
        """The pattern `n` fills for `count` ("{n} shops"), for a script that counts in the browser."""
        ko, one, many = COUNTED[key]
        return ko if self.lang == "ko" else one if count == 1 else many


UI_TEXT = {lang: UIText(lang=lang, **{key: pair[i] for key, pair in UI.items()}) for i, lang in enumerate(("ko", "en"))}


SCHEMA_TYPE = {"food": "FoodEstablishment", "retail": "Store", "lodging": "LodgingBusiness",
               "health": "MedicalBusiness", "education": "EducationalOrganization"}
SCHEMA_DAY = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def merchant_jsonld(m, street: Street, lang: str) -> dict:
    """schema.org LocalBusiness data for a merchant page (rendered with the HTML-safe `tojson`)."""
    p = street.profile
    en = lang == "en"
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Restaurant" if m.subcategory in ("한식", "양식", "일식", "중식", "분식", "경양식", "냉면") else
                 ("CafeOrCoffeeShop" if m.subcategory in ("카페", "전통찻집") else SCHEMA_TYPE.get(m.category, "LocalBusiness")),
        "name": (m.name_en or m.name) if en else m.name,
        "url": f"{p.base_url.rstrip('/')}/{_prefix(lang)}merchants/{m.id}/",
    }
    if m.description:
        data["description"] = (m.description_en or m.description) if en else m.description
    if m.phone:
        data["telephone"] = "+82-" + m.phone[1:]
    if m.address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": (m.address_en or m.address) if en else m.address,
                           "addressRegion": p.region.sido, "addressLocality": p.region.sigungu, "addressCountry": "KR"}
    if m.location:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": m.location.lat, "longitude": m.location.lng}
    if m.hours:
        spec = []
        for i, day in enumerate(SCHEMA_DAY):
            span = m.hours.day(i)
            if span != "closed":
                opens, closes = span.split("-")
                spec.append({"@type": "OpeningHoursSpecification", "dayOfWeek": day, "opens": opens,
                             "closes": "23:59" if closes == "24:00" else closes})
        data["openingHoursSpecification"] = spec
    return data


def hours_data(hours) -> dict | None:
    """Opening hours as minutes for the browser's "open now" (see `Hours.minutes`)."""
    return hours.minutes() if hours is not None else None


def hours_rows(hours) -> list[tuple[int, str | None]]:
    """The week of a merchant's hours table, Monday first: (weekday, "09:00~21:00"), None when closed."""
    return [(day, None if span == "closed" else span.replace("-", "~"))
            for day, span in enumerate(hours.day(d) for d in range(7))]


def search_text(m) -> str:
    """What the directory's search box matches against, lower-cased."""
    parts = [m.name, m.name_en, m.subcategory, m.subcategory_en, m.description, m.description_en, *m.tags]
    return " ".join(p for p in parts if p).lower()


def naver_map(name: str, lat: float | None = None, lng: float | None = None) -> str:
    """Naver Map search, centred on the place when we know it (`c=` is longitude first)."""
    url = f"https://map.naver.com/p/search/{quote(name)}"
    return url + (f"?c={lng},{lat},17,0,0,0,dh" if lat is not None and lng is not None else "")


def kakao_map(name: str, lat: float | None = None, lng: float | None = None) -> str:
    """Kakao Map pin (`/link/map/NAME,LAT,LNG`, latitude first), or a search without coordinates."""
    if lat is None or lng is None:
        return f"https://map.kakao.com/link/search/{quote(name)}"
    return f"https://map.kakao.com/link/map/{quote(name)},{lat},{lng}"


#: How many of a repeating event's next dates a list carries for the browser to move on to.
FRESH_DATES = 12


def fresh_attrs(event, lang: str, follow: bool = True, with_time: bool = False) -> Markup:
    """What events.js needs to keep a list item true after the build: when this date of the event
    ends and starts, and for a repeating event its next dates (end, start, the date as the list
    shows it), so the visitor's browser moves on to the next one in Korean time (`follow=False`:
    one date of a list of dates, which only goes when it has ended; `with_time`: the dates shown
    with their start time, as an event's own page says when it is)."""
    attrs = {"data-ends": (event.end or event.start).isoformat(), "data-starts": event.start.isoformat()}
    if event.repeat is not None and follow:
        length = (event.end - event.start) if event.end else None
        day = streetkit.kdate if lang == "ko" else streetkit.edate

        def shown(d):
            return f"{day(d)} {d:%H:%M}" if with_time else day(d)
        attrs["data-next"] = json.dumps([[(d + length if length else d).isoformat(), d.isoformat(), shown(d)]
                                         for d in event.occurrences(event.start.date(), FRESH_DATES)],
                                        ensure_ascii=False, separators=(",", ":"))
    return Markup("".join(f' {name}="{escape(value)}"' for name, value in attrs.items()))


@streetkit.hookimpl
def jinja_environment(env, street, output):
    if output != "site":
        return
    base = street.profile.base_url.rstrip("/")

    def lang_path(lang: str, path: str) -> str:
        return _prefix(lang) + path

    def canonical(lang: str, path: str) -> str:
        path = _prefix(lang) + path
        return f"{base}/{path[:-len('index.html')] if path.endswith('index.html') else path}"

    def absolute(path: str) -> str:
        """A full URL for a path below the site root (Open Graph images, feeds)."""
        return f"{base}/{path.lstrip('/')}"

    env.globals.update(languages=street.languages, categories=CATEGORIES, lang_path=lang_path,
                       canonical=canonical, absolute=absolute, site_root=urlparse(base + "/").path,
                       naver_map=naver_map, kakao_map=kakao_map,
                       merchant_jsonld=lambda m, lang: merchant_jsonld(m, street, lang),
                       hours_data=hours_data, hours_rows=hours_rows, search_text=search_text, picture=make_picture(street),
                       fresh_attrs=fresh_attrs)


@streetkit.hookimpl
def street_loaded(street: Street):
    """Derive what every site page shows (navigation, events split by date, categories)."""
    p = street.profile
    # Categories in taxonomy order (food first), merchants by name within each.
    by_category = {key: sorted((m for m in p.merchants if m.category == key), key=lambda m: m.name)
                   for key in CATEGORIES}
    # A repeating event is listed at its next date; its page shows the rule and the dates after.
    events = sorted((e.as_of(street.today) for e in p.events), key=lambda e: e.start)
    street.data["site"] = {
        "by_category": {k: v for k, v in by_category.items() if v},
        "events": events,
        "upcoming": [e for e in events if (e.end or e.start).date() >= street.today],
        "past": [e for e in reversed(events) if (e.end or e.start).date() < street.today],
        "news": sorted((d for d in street.news if d.lang == "ko"), key=lambda d: d.meta.date, reverse=True),
        "nav_pages": sorted((d for d in street.pages if d.lang == "ko" and getattr(d.meta, "menu", True)),
                            key=lambda d: (d.meta.order, d.slug)),
        "rendered": [],
    }


@streetkit.hookimpl
def page_context(artifact, context, street: Street):
    """Every site page — ours or another plugin's — gets the site chrome's context (without
    overriding what the page's own artifact set)."""
    if not isinstance(artifact, Page) or street.data.get("site") is None:
        return None
    common = street.data["site"]
    lang = artifact.lang
    below_site = artifact.path.split("/", 1)[1]
    site_path = below_site[len(_prefix(lang)):] if below_site.startswith(_prefix(lang)) else below_site
    extra = {**common, "site_path": site_path, "ui": UI_TEXT["en" if lang == "en" else "ko"],
             "nav_pages": [_localised(street.pages, d, lang) for d in common["nav_pages"]]}
    return {k: v for k, v in extra.items() if k not in context}


# Text in the body that never gets a lang span: scripts and styles, inline SVG (its <text> takes
# <tspan>, not <span>) and form text that holds no elements. The head gets none either (its
# <title> holds text only).
_NO_SPANS = re.compile(r"<(script|style|svg|option|textarea)\b.*?</\1>", re.S)
_HANGUL_TEXT = re.compile(r">([^<>]*[\uac00-\ud7a3][^<>]*)<")


def mark_korean_parts(html: str) -> str:
    """Put each run of text with Hangul in `<span lang="ko">`: on an English page that is what has
    no English version (a shop's name, a post written only in Korean), and screen readers should
    read it as Korean (WCAG 3.1.2, language of parts)."""
    head, end_head, body = html.partition("</head>")
    if not end_head:
        head, body = "", html
    out, done = [head, end_head], 0
    for protected in _NO_SPANS.finditer(body):
        out += [_HANGUL_TEXT.sub(_lang_span, body[done:protected.start()]), protected.group(0)]
        done = protected.end()
    out.append(_HANGUL_TEXT.sub(_lang_span, body[done:]))
    return "".join(out)


def _lang_span(match: re.Match[str]) -> str:
    text = match[1]
    words = text.strip()
    lead = text.index(words[0])  # keep the white space around the words outside the span
    return f'>{text[:lead]}<span lang="ko">{words}</span>{text[lead + len(words):]}<'


@streetkit.hookimpl
def post_render(artifact, content: str, street: Street):
    """Remember every site page as it is rendered (by any plugin), for the sitemap; on English
    pages, mark the Korean text that has no English version as Korean."""
    if not (isinstance(artifact, Page) and artifact.path.endswith(".html")):
        return None
    if not (artifact.path.endswith("404.html") or artifact.private):
        street.data["site"]["rendered"].append(artifact.path.split("/", 1)[1])
    return mark_korean_parts(content) if artifact.lang == "en" else None


def _sitemap(street: Street) -> str:
    base = street.profile.base_url.rstrip("/")
    langs = street.languages
    rows = []
    for path in sorted(set(street.data["site"]["rendered"])):
        loc = path[: -len("index.html")] if path.endswith("index.html") else path
        lang = next((code for code in langs if code != "ko" and loc.startswith(f"{code}/")), "ko")
        below = loc[len(_prefix(lang)):]
        alternates = "".join(f'<xhtml:link rel="alternate" hreflang="{code}" '
                             f'href="{escape(base + "/" + _prefix(code) + below)}"/>' for code in langs)
        rows.append(f"<url><loc>{escape(base + '/' + loc)}</loc>{alternates}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(rows) + "\n</urlset>\n")


@streetkit.hookimpl
def artifacts(street: Street):
    p = street.profile
    data = street.data["site"]
    base = p.base_url.rstrip("/")
    out: list = [
        # The language switch of the 404 page leads to the other language's home page.
        Page(path="site/404.html", template="site/404.html", lang="ko", context={"site_path": ""}),
        Asset(path="site/robots.txt", data=f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n"),
        Asset(path="site/sitemap.xml", data=lambda: _sitemap(street)),
    ]
    for lang in street.languages:
        def page(path: str, template: str, lang: str = lang, **context) -> Page:
            return Page(path=f"site/{_prefix(lang)}{path}", template=template, lang=lang, context=context)

        if street.portal is None:  # a district's portal has pages of its own (siteportal.py)
            out.append(page("index.html", "site/home.html"))
            out.append(page("merchants/index.html", "site/directory.html", badge_filters=_badge_filters(street),
                            trade_filters=[(key, len(items)) for key, items in data["by_category"].items()]))
            out += [page(f"merchants/{m.id}/index.html", "site/merchant.html", merchant=m) for m in p.merchants]
            out.append(page("events/index.html", "site/events.html"))
            out += [page(f"events/{e.id}/index.html", "site/event.html", event=e,
                         next_dates=[e.as_of(d.date()) for d in e.occurrences(street.today, 6)] if e.repeat else [])
                    for e in data["events"]]
        if data["news"]:
            out.append(page("news/index.html", "site/news.html"))
            out.append(page("news/atom.xml", "site/atom.xml",
                            entries=[_localised(street.news, d, lang) for d in data["news"]]))
            out += [page(f"news/{d.slug}/index.html", "site/post.html", doc=_localised(street.news, d, lang))
                    for d in data["news"]]
        out += [page(f"{d.slug}/index.html", "site/page.html", doc=_localised(street.pages, d, lang))
                for d in street.pages if d.lang == "ko"]
    if street.portal is not None:
        out += siteportal.pages(street)
    return out + _images(street)


@streetkit.hookimpl
def street_summary(street: Street):
    """For the district's portal: where the site shows merchants and events, and the photo for the
    street's card (the site's WebP of the first merchant photo)."""
    photo = next((m.photo for m in street.profile.merchants if m.photo), None)
    card_photo = None
    if photo:
        sizes = variants(street, photo)
        card_photo = next((path for w, path in sizes if w >= siteportal.CARD_WIDTH), sizes[-1][1] if sizes else photo)
    return {"pages": siteportal.PAGES, "photo": card_photo}


def _badge_filters(street: Street) -> list:
    """One filter per distinct badge any merchant carries (payment forms, delivery …), in first-seen order."""
    seen: dict[str, object] = {}
    for m in street.profile.merchants:
        for b in street.badges.get(m.id, []):
            seen.setdefault(b.key, b)
    return list(seen.values())


def _localised(docs, doc, lang):
    """The English version of a Markdown file when it exists, else the Korean one."""
    if lang == "ko":
        return doc
    return next((d for d in docs if d.slug == doc.slug and d.lang == lang), doc)


#: Widths of the WebP variants in a srcset; the fallback JPEG/PNG is at most the largest.
WIDTHS = (480, 960, 1600)


def variants(street: Street, relpath: str) -> list[tuple[int, str]]:
    """(width, path below the site) of each WebP variant of a raster image; none for SVG."""
    width, _height = streetkit.image_size(street.file(relpath), WIDTHS[-1])
    if not width:
        return []
    stem = PurePosixPath(relpath).with_suffix("").as_posix()
    return [(w, f"{stem}-{w}.webp") for w in sorted({w for w in WIDTHS if w < width} | {width})]


def _images(street: Street) -> list[Image]:
    """The street's own images that pages show: a fallback at the original path and WebP variants."""
    used = {m.photo for m in street.profile.merchants if m.photo}
    used |= {e.image for e in street.profile.events if e.image}
    used |= {image for d in street.news if (image := getattr(d.meta, "image", None))}
    if street.profile.brand.logo:
        used.add(street.profile.brand.logo)
    out = []
    for r in sorted(used):
        out.append(Image(path="site/" + PurePosixPath(r).as_posix(), source=street.file(r), max_width=WIDTHS[-1]))
        out += [Image(path=f"site/{p}", source=street.file(r), max_width=w, format="WEBP") for w, p in variants(street, r)]
    return out


def make_picture(street: Street):
    @jinja2.pass_context
    def picture(ctx, relpath: str, alt: str = "", sizes: str = "100vw", lazy: bool = True, css: str = "photo"):
        """<picture> with WebP srcset, the fallback image, its size, and lazy loading below the fold."""
        url = ctx.environment.globals["url"]
        width, height = streetkit.image_size(street.file(relpath), WIDTHS[-1])
        srcset = ", ".join(f"{url(ctx, p)} {w}w" for w, p in variants(street, relpath))
        size = f' width="{width}" height="{height}"' if width else ""
        loading = ' loading="lazy"' if lazy else ' fetchpriority="high"'
        source = f'<source type="image/webp" srcset="{srcset}" sizes="{escape(sizes)}">' if srcset else ""
        return Markup(f'<picture>{source}<img class="{escape(css)}" src="{url(ctx, relpath)}" alt="{escape(alt)}"'
                      f'{size}{loading} decoding="async"></picture>')
    return picture
