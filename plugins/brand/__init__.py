"""Brand pack: the colour system as files, logo lockups (SVG and PNG), the site's icon set, the
brand-guideline PDF and a zip of it all — from the profile's brand seed, so site, print and brand
files always agree. Other plugins can use the logo: `street.data["brand"]["svg"](kind, variant)` and
`street.data["brand"]["logo_png"](kind, variant, width_px)`."""
from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import click

import streetkit
from streetkit import Archive, Asset, Chapter, Document, Street, _

from . import applications, guide, icons, lockups, palette, proposals

#: The plugin in the studio's words.
TITLE = "브랜드 꾸러미: 로고, 색, 안내서"

ENABLED_BY_DEFAULT = True


def _logo_assets(street: Street) -> list[Asset]:
    out = []
    for kind in lockups.KINDS:
        for variant in lockups.VARIANTS:
            name = f"{kind}-{variant}"
            def svg(kind: str = kind, variant: str = variant) -> str:
                return street.data["brand"]["svg"](kind, variant)  # cached per street
            out.append(Asset(path=f"brand/logo/{name}.svg", data=svg))
            out += [Asset(path=f"brand/logo/png/{name}-{width}.png", data=functools.partial(_png_of, svg, width))
                    for width in lockups.PNG_WIDTHS[kind]]
    if street.profile.brand.logo:  # the street's own file, as supplied
        logo = street.profile.brand.logo
        out.append(Asset(path=f"brand/logo/original{Path(logo).suffix.lower()}",
                         data=lambda: street.image_bytes(logo)))  # an SVG cleaned, never as supplied
    return out


def _png_of(svg: Callable[[], str], width: int) -> bytes:
    return lockups.png(svg(), width)


@streetkit.hookimpl
def street_loaded(street: Street):
    """Share the symbol with other plugins."""
    # Cached per street: the share cards ask for the same logo once per merchant and event.
    svg = functools.lru_cache(maxsize=None)(lambda kind="horizontal", variant="color": lockups.svg(street, kind, variant))
    street.data["brand"] = {"svg": svg, "logo_png": functools.lru_cache(maxsize=None)(
        lambda kind, variant, px: lockups.png(svg(kind, variant), px))}


@streetkit.hookimpl
def report_sections(street: Street):
    """The brand proposal, a chapter of the report."""
    t = street.tokens
    swatches = [(palette.swatch_label(key, label, t), t[key], palette._rgb(t[key]), street.cmyk(t[key]))
                 for key, label in palette.SWATCHES if key in t]
    heading = t.get("font-heading", "").split(",")[0].strip().strip('"')
    return [Chapter("brand", "브랜드 제안", "print/report/brand.html", order=80,
                          context={"swatches": swatches, "pairs": palette.pairs(street), "heading_font": heading,
                                   "body_font": t.get("font-sans", "").split(",")[0].strip().strip('"')})]



@streetkit.hookimpl
def template_slots():
    return {"head": ["site/_icons.html"]}  # the icon set and the web manifest


@streetkit.hookimpl
def template_dirs():
    return [Path(__file__).parent.parent / "templates"]


@streetkit.hookimpl
def jinja_environment(env, street: Street):
    """`brand_logo(kind, variant)`: a lockup as a data URI for any template (site and print), and
    `has_filter(name)` so the guide shows the flyer only when the print plugin's filters exist."""
    def brand_logo(kind: str = "horizontal", variant: str = "color") -> str:
        if variant == "auto":  # on the page: colour on a light one, reversed (white) on a dark one
            variant = "color" if streetkit.contrast(street.tokens["color-surface"], "#FFFFFF") < 3 else "reversed"
        return lockups.data_uri(street.data["brand"]["svg"](kind, variant))

    env.globals["brand_logo"] = brand_logo
    env.globals["has_filter"] = lambda name: name in env.filters


@streetkit.hookimpl
def artifacts(street: Street):
    p = street.profile
    files = {"tokens.css": lambda: ":root {\n" + "".join(f"  --{k}: {v};\n" for k, v in sorted(street.tokens.items())) + "}\n",
             "tokens.json": lambda: palette.tokens_json(street), "palette.gpl": lambda: palette.palette_gpl(street),
             "contrast.md": lambda: palette.contrast_report(street)}
    out: list = [Asset(path=f"brand/{name}", data=data) for name, data in files.items()]
    out += _logo_assets(street) + icons.assets(street)
    out.append(Document(path="brand/brand-guidelines.pdf", template="print/brand-guide.html",
                        title=f"{p.name} 브랜드 가이드라인", context={"guide": guide.context(street)}))
    out.append(Document(path="brand/proposals.pdf", template="print/brand-proposals.html", title=f"{p.name} 브랜드 제안",
                        context={"proposals": proposals.context(street)}))
    out += applications.artifacts(street)
    out.append(Archive(path=f"brand/{street.slug}-brand.zip", include=("brand/",), folder=f"{street.slug}-brand"))
    return out


@streetkit.hookimpl
def cli_commands(cli: click.Group):
    @click.command("brand", help=_(
        "Write each STREET's brand pack to _build/<slug>/brand/ (tokens, swatches, contrast "
        "report, guidelines, the brand proposals, zip)."))
    @click.argument("streets", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option("--out", type=click.Path(path_type=Path), default=None, help=_("Output folder [default: _build]."))
    @click.option("--proposals", "count", type=click.IntRange(1, len(streetkit.CONCEPTS)), is_flag=False,
                  flag_value=len(streetkit.CONCEPTS), default=None, metavar="[N]",
                  help=_("Propose N brand concepts (default: all three) in brand/proposals.pdf and list them, to choose "
                         "one as brand.concept."))
    @click.pass_context
    def brand_command(ctx: click.Context, streets: tuple[Path, ...], out: Path | None, count: int | None) -> None:
        proposals.COUNT = count or len(streetkit.CONCEPTS)  # read by this build, in this process (jobs=1)
        ctx.invoke(cli.commands["build"], streets=streets, out=out, only=("brand",), theme=None, today=None,
                   marks=False, quiet=False, jobs=1)
        if count:  # the choices, whichever the file shows first
            for concept in streetkit.CONCEPTS.values():
                click.echo(f"  brand.concept: {concept.id:<9} {concept.ko} ({concept.en}) — {concept.idea_ko}")

    cli.add_command(brand_command)
