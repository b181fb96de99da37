"""`streetkit cache info|clear`: what the content cache holds, and emptying it."""
from __future__ import annotations

import click

from . import cache
from .errors import rel
from .i18n import _


def _size(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


@click.group("cache", help=_("The content cache of generated files (font cuts, images, PDF parts, QR codes …)."))
def cache_group() -> None:
    pass  # the subcommands do the work


@cache_group.command("info", help=_("Where the cache is, how big, and what it holds."))
def cache_info() -> None:
    found = cache.info()
    click.echo(_("{folder}: {size} of at most {limit} (STREETKIT_CACHE_MAX)", folder=rel(found.folder),
                 size=_size(found.total), limit=_size(found.limit)))
    for namespace, (files, size) in found.entries.items():
        click.echo(f"  {namespace:<14} " + _("{files:>7} files {size:>10}", files=files, size=_size(size)))


@cache_group.command("clear", help=_(
        "Delete the whole cache, or one NAMESPACE of it (`streetkit cache info` lists them). The "
        "next build makes what it needs again."))
@click.argument("namespace", required=False)
def cache_clear(namespace: str | None) -> None:
    freed = cache.clear(namespace)
    click.echo(_("cleared {folder}: {size} freed", folder=rel(cache.cache_dir() / (namespace or "")), size=_size(freed)))
