"""`streetkit cache info|clear`: what the content cache holds, and emptying it."""
from __future__ import annotations

import click

from . import cache
from .errors import rel


def _size(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


@click.group("cache")
def cache_group() -> None:
    """The content cache of generated files (font cuts, images, PDF parts, QR codes …)."""


@cache_group.command("info")
def cache_info() -> None:
    """Where the cache is, how big, and what it holds."""
    found = cache.info()
    click.echo(f"{rel(found.folder)}: {_size(found.total)} of at most {_size(found.limit)} (STREETKIT_CACHE_MAX)")
    for namespace, (files, size) in found.entries.items():
        click.echo(f"  {namespace:<14} {files:>7} files {_size(size):>10}")


@cache_group.command("clear")
@click.argument("namespace", required=False)
def cache_clear(namespace: str | None) -> None:
    """Delete the whole cache, or one NAMESPACE of it (`streetkit cache info` lists them). The next
    build makes what it needs again."""
    freed = cache.clear(namespace)
    click.echo(f"cleared {rel(cache.cache_dir() / (namespace or ''))}: {_size(freed)} freed")
