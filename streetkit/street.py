"""The loaded street: one object that plugins enrich and themes render."""
from __future__ import annotations

import dataclasses
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import safepath
from .categories import CATEGORIES
from .documents import Doc
from .errors import Problem
from .i18n import _
from .images import clean_svg
from .models import Brand, Event, Profile
from .safepath import resolve_inside
from .tokens import ColourNote

if TYPE_CHECKING:
    from .district import District
    from .plugins import PluginHost
    from .portal import Portal
    from .printprofile import OutputProfile

F = TypeVar("F", bound=Callable[..., Any])


def _alters_data(method: F) -> F:
    """Mark a method that changes the street: plugins call it from hooks; Jinja's sandbox refuses
    it to templates (the Django convention, which Jinja honours)."""
    method.__dict__["alters_data"] = True
    return method


def pick(lang: str, ko: str, en: str) -> str:
    """English text on English pages when there is any, the Korean text otherwise."""
    return en if lang == "en" and en else ko


@dataclass(frozen=True)
class Badge:
    """A short label a plugin attaches to a merchant (payment, delivery, access …).

    `kind` groups badges for filters (e.g. "pay", "delivery"); `key` is stable for CSS and
    filtering (e.g. "zeropay"); `ko`/`en` are what people read.
    """

    kind: str
    key: str
    ko: str
    en: str = ""
    #: Optional specifics shown next to the label on a merchant's page (e.g. "지류·모바일").
    detail_ko: str = ""
    detail_en: str = ""
    #: Finer facts the badge stands for, for filters and the assistant (e.g. the local currency's
    #: forms accepted: ("paper", "mobile")); not shown.
    facets: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return pick(lang, self.ko, self.en)

    def full(self, lang: str) -> str:
        """Label with its detail: `북구사랑상품권 (지류·모바일)`."""
        detail = pick(lang, self.detail_ko, self.detail_en)
        return f"{self.label(lang)} ({detail})" if detail else self.label(lang)


@dataclass(frozen=True)
class Link:
    """A link a plugin attaches to a merchant (a delivery app, a booking page …), shown in groups.

    `group` names the section it appears under (e.g. "delivery"), `group_ko`/`group_en` its heading;
    `note` adds a short remark such as the app's commission.
    """

    group: str
    url: str
    ko: str
    en: str = ""
    group_ko: str = ""
    group_en: str = ""
    note_ko: str = ""
    note_en: str = ""

    def label(self, lang: str) -> str:
        return pick(lang, self.ko, self.en)

    def heading(self, lang: str) -> str:
        return pick(lang, self.group_ko, self.group_en)

    def note(self, lang: str) -> str:
        return pick(lang, self.note_ko, self.note_en)


@dataclass(frozen=True)
class NavItem:
    """A site navigation entry a plugin adds: `path` below the language root, e.g. `local-currency/`."""

    path: str
    ko: str
    en: str = ""
    order: int = 50

    def label(self, lang: str) -> str:
        return pick(lang, self.ko, self.en)


@dataclass(frozen=True)
class Place:
    """A place on the street's map that is not a shop: a car park, a bus stop, the support centre.
    The map plugin draws them and adds the profile's landmarks; the assistant answers "where is …"
    from them; `kind` says what the place is (parking, toilet, bus, subway, office, info, atm,
    centre, other), `url` where to read more (a page of the site, from its language root)."""

    name: str
    lat: float
    lng: float
    name_en: str = ""
    kind: str = "other"
    url: str = ""

    def label(self, lang: str) -> str:
        return pick(lang, self.name, self.name_en)


@dataclass
class Street:
    """A validated street folder.

    `profile` is the typed `street.yaml`; `pages` and `news` the Markdown files; `data` is where
    plugins put what they derive (one key per plugin, by convention its name); `tokens` the design
    tokens the build derives from the brand seed and the theme; `badges` the labels plugins attach
    to merchants, which every theme shows.
    """

    root: Path
    profile: Profile
    pages: list[Doc] = field(default_factory=list)
    news: list[Doc] = field(default_factory=list)
    enabled_plugins: set[str] = field(default_factory=set)
    data: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    #: What the token derivation changed to reach contrast, e.g. a pale seed's text colour.
    token_notes: list[ColourNote] = field(default_factory=list)
    #: The theme's own tokens the brand's were derived over (a page colour, font stacks).
    theme_tokens: dict[str, str] = field(default_factory=dict, repr=False)
    badges: dict[str, list[Badge]] = field(default_factory=dict)
    nav: list[NavItem] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    links: dict[str, list[Link]] = field(default_factory=dict)
    #: Things the build should tell the user about without failing (a photo too small to print …).
    warnings: list[str] = field(default_factory=list)
    #: The profile's own warnings as problems (streetkit/advice.py), also in `warnings` as lines.
    advice: list[Problem] = field(default_factory=list)
    #: The date the build treats as today (upcoming vs past events, open programmes).
    today: date = field(default_factory=date.today)
    #: The plugins the street was loaded with, for `call_hook`.
    host: PluginHost | None = field(default=None, repr=False, compare=False)
    #: `compare_peers`' counts by question, made once per street.
    peer_counts: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: The CMYK output profile of this build (`build --icc`); None for the default, FOGRA39.
    print_profile: OutputProfile | None = field(default=None, repr=False, compare=False)
    #: The district whose file names this street (its shared sections are in the profile
    #: already); None for a street of no district.
    district: District | None = field(default=None, repr=False, compare=False)
    #: Set when this is not a street but its district's portal: the streets it shows, from their
    #: build records (portal.py). Plugins that take part in a portal check it.
    portal: Portal | None = field(default=None, repr=False, compare=False)

    @property
    def slug(self) -> str:
        return self.profile.slug

    def upcoming_events(self) -> list[Event]:
        """The events not yet over on `today`, each at its next date (a repeating one moved on),
        soonest first: what every "coming events" list and poster shows, on paper and in the guide."""
        return sorted((e.as_of(self.today) for e in self.profile.events if e.occurrences(self.today, 1)),
                      key=lambda e: e.start)

    def merchant_numbers(self) -> dict[str, int]:
        """Each merchant's number on every numbered list — the map's pins and its list, the
        report's map legend and appendix — so a reader can go from one to another: by trade (in
        the order of `CATEGORIES`), then by name, from 1."""
        order = {key: i for i, key in enumerate(CATEGORIES)}
        ranked = sorted(self.profile.merchants, key=lambda m: (order[m.category], m.name))
        return {m.id: n for n, m in enumerate(ranked, 1)}

    @property
    def languages(self) -> list[str]:
        """The site's languages: Korean always; English when the profile names the street in English."""
        return ["ko", "en"] if self.profile.name_en else ["ko"]

    @property
    def profile_path(self) -> Path:
        return self.root / "street.yaml"

    # -- the street's files: every read goes through safepath, which refuses anything that resolves
    # outside the street folder (a `..`, an absolute path, a symlink) before it is opened.
    def file(self, relative: str) -> Path:
        """Absolute path of a file inside the street folder; PathEscape when it would leave it."""
        return resolve_inside(self.root, relative)

    def read_bytes(self, relative: str) -> bytes:
        """The bytes of a file inside the street folder."""
        return safepath.read_bytes(self.root, relative)

    def read_text(self, relative: str, encoding: str = "utf-8-sig") -> str:
        """The text of a file inside the street folder (a spreadsheet's BOM dropped)."""
        return safepath.read_text(self.root, relative, encoding)

    def files(self, pattern: str) -> list[tuple[str, Path]]:
        """(relative path, absolute path) of the files matching a glob such as `data/*.csv`;
        PathEscape for a link that leads outside the folder."""
        return list(safepath.files(self.root, pattern))

    def image_bytes(self, relative: str) -> bytes:
        """An image's bytes for output: an SVG as its cleaned tree (svgclean), never as supplied."""
        path = self.file(relative)
        return clean_svg(path, relative) if path.suffix.lower() == ".svg" else path.read_bytes()

    @_alters_data
    def add_badge(self, merchant_id: str, badge: Badge) -> None:
        """Attach a badge to a merchant (plugins call this from `street_loaded`)."""
        self.badges.setdefault(merchant_id, []).append(badge)

    @_alters_data
    def add_link(self, merchant_id: str, link: Link) -> None:
        """Attach a link to a merchant's page (plugins call this from `street_loaded`)."""
        self.links.setdefault(merchant_id, []).append(link)

    @_alters_data
    def add_nav(self, item: NavItem) -> None:
        """Add a site navigation entry (plugins call this from `street_loaded`)."""
        self.nav.append(item)

    @_alters_data
    def add_place(self, place: Place) -> None:
        """Put a place on the street's map (plugins call this from `street_loaded`)."""
        self.places.append(place)

    @property
    def brand(self) -> Brand:
        """The brand as built: the profile's seed with its chosen concept's colours, typeface and
        symbol filled in where the profile leaves them open (see concepts.py)."""
        from .concepts import apply

        return apply(self.profile.brand)

    def with_brand(self, brand: Brand) -> Street:
        """This street as it would look with another brand section (a proposal, say): the same
        data, with the profile's brand replaced and the design tokens derived again."""
        from . import tokens

        copy = dataclasses.replace(self, profile=self.profile.model_copy(update={"brand": brand}))
        copy.tokens, copy.token_notes = tokens.derive(brand, self.theme_tokens)
        return copy

    @property
    def output_profile(self) -> OutputProfile | None:
        """The CMYK output profile this build's CMYK figures and press files use: `--icc`'s, else
        FOGRA39 when it can be had (see printprofile.py), else None."""
        from .printprofile import default_profile

        return self.print_profile or default_profile(make=False)

    def cmyk(self, hex_color: str) -> tuple[int, int, int, int]:
        """`hex_color` in percent of the four inks, exactly as this build's CMYK files print it
        (streetkit/separation.py). Without an output profile (ArgyllCMS or Debian's FOGRA39
        measurements missing) a plain formula's approximation, and the build warns once."""
        from .separation import approximate_cmyk, separation_for

        profile = self.output_profile
        if profile is None:
            self.warn(_("CMYK values are approximations: no output profile (install `argyll` and `icc-profiles-free`, "
                        "as scripts/setup.sh does, or build with --icc FILE)"))
            return approximate_cmyk(hex_color)
        return separation_for(profile).cmyk(hex_color)

    @_alters_data
    def warn(self, message: str) -> None:
        """Report a problem that does not stop the build; the CLI prints it as a warning."""
        if message not in self.warnings:
            self.warnings.append(message)

    @_alters_data  # not for templates: a street template must not print it, and it may write a file
    def secret(self, name: str) -> bytes:
        """A random key of this street for links nobody can guess (a merchant's private card): the
        environment's `STREETKIT_SECRET_<NAME>` when set (a scheduled build on CI keeps its links),
        else `.streetkit/secrets/<name>` in the street folder, made on first use. The folder is no
        build input and stays out of version control; deleting the file changes every such link."""
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,30}", name):
            raise ValueError(f"secret name {name!r}: lower-case letters, digits and _")
        if env := os.environ.get(f"STREETKIT_SECRET_{name.upper()}"):
            return env.encode()
        relative = f".streetkit/secrets/{name}"
        path = resolve_inside(self.root, relative, must_exist=False)
        if path.is_file():
            return path.read_bytes().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        resolve_inside(self.root, relative, must_exist=False)  # the folders just made are still inside
        key = secrets.token_hex(32).encode()
        # O_EXCL: never through a link planted where the file will be, never over another's key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:  # another build of this street made it a moment ago (or a link: refused)
            return resolve_inside(self.root, relative).read_bytes().strip()
        with os.fdopen(fd, "wb") as out:
            out.write(key + b"\n")
        return key

    def call_hook(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a hook that a plugin defines for others (its `HOOKSPECS`) on this street's enabled
        plugins: `(plugin, result)` pairs, as the build's own hooks give them."""
        if self.host is None:
            return []
        return self.host.each(hook, self.enabled_plugins, guard=self.profile, **kwargs)

    def section(self, name: str) -> Any:
        """A plugin-owned profile section, or None when the profile does not have it."""
        return self.profile.section(name)
