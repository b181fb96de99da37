"""click's own words (`Usage:`, `Options:`, `Commands:`, the help option's line) in the reader's
language, through click's documented extension point: a `Context` whose `formatter_class` says
them from streetkit's catalogue. Everything else in `--help` is already a catalogue message."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import click

from .i18n import N_, _

#: The words click writes itself, marked for the catalogue.
CLICK_WORDS = {N_("Usage:"), N_("Options"), N_("Commands"), N_("Show this message and exit.")}


class HelpFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{_('Usage:')} " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading) if heading in CLICK_WORDS else heading)

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _(text) if text in CLICK_WORDS else text) for term, text in rows], col_max, col_spacing)


class Context(click.Context):
    formatter_class = HelpFormatter


def speak(command: Any) -> None:
    """Give `command` (and the commands of a group, at any depth) the translating context; for
    commands a plugin added, which click made with its own."""
    command.context_class = Context
    for sub in getattr(command, "commands", {}).values():
        speak(sub)
