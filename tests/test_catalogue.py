"""The Korean message catalogue (streetkit/locale/ko/LC_MESSAGES/streetkit.po, read through
streetkit.i18n): every message the code marks has Korean, no Korean is left for a message the code
no longer has, a translation keeps its message's placeholders, and every command's and option's
help text is a catalogue message, so `--help` speaks Korean in a Korean locale."""
from __future__ import annotations

import re
import string
import sys

import click
import pytest
from babel.messages.pofile import read_po

from conftest import REPO, run_cli

sys.path.insert(0, str(REPO / "scripts"))
from catalogue import PO, extracted


@pytest.fixture(scope="module")
def catalogue():
    with PO.open("rb") as f:
        return {m.id: m.string for m in read_po(f, locale="ko") if m.id}


def _fields(text: str) -> set[tuple[str, str | None]]:
    return {(name, spec or None) for _lit, name, spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_marked_message_has_korean_and_none_is_stale(catalogue):
    code = {m.id for m in extracted() if m.id}
    assert sorted(m for m in code if not catalogue.get(m)) == [], "run scripts/catalogue.py and translate these"
    assert sorted(set(catalogue) - code) == [], "no longer in the code: run scripts/catalogue.py"


def test_each_translation_keeps_its_placeholders(catalogue):
    wrong = {m: k for m, k in catalogue.items() if _fields(m) != _fields(k)}
    assert wrong == {}


def _helps(command: click.Command, ctx: click.Context):
    yield command.name, command.help
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            yield f"{command.name} {param.opts[-1]}", param.help
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            yield from _helps(sub, click.Context(sub, parent=ctx, info_name=name))


def test_every_help_text_is_a_catalogue_message(catalogue):
    from streetkit.cli import cli

    ctx = click.Context(cli, info_name="streetkit")
    helps = dict(_helps(cli, ctx))
    assert len(helps) > 60 and "build --jobs" in helps and "import" in helps  # plugin commands too
    # A message with placeholders reaches click filled in: match it as a pattern.
    shapes = [re.compile("".join(re.escape(lit) + (".*?" if name is not None else "")
                                 for lit, name, _spec, _conv in string.Formatter().parse(m)) + "$", re.S) for m in catalogue]
    assert [where for where, text in helps.items() if text and not any(p.match(text) for p in shapes)] == []


def test_help_and_messages_in_korean_in_a_korean_locale():
    korean = run_cli("publish", "--help", env={"LANG": "ko_KR.UTF-8", "LC_ALL": "", "STREETKIT_LANG": ""})
    assert "STREET을 만든 뒤 누리집을" in korean.stdout and "되돌립니다" in korean.stdout
    assert korean.stdout.startswith("사용법: ") and "선택 사항:" in korean.stdout and "이 도움말을 보여 주고" in korean.stdout
    plugin = run_cli("import", "sheet", "--help", env={"STREETKIT_LANG": "ko"})  # a plugin's command: click made it
    assert plugin.stdout.startswith("사용법: ") and "회원 명부" in plugin.stdout
    english = run_cli("--lang", "en", "publish", "--help", env={"LANG": "ko_KR.UTF-8"})
    assert "Build STREET, then publish" in english.stdout
    missing = run_cli("--lang", "ko", "validate", REPO / "streets" / "no-such-street")
    assert missing.returncode == 1 and "고칠 곳 1개를 찾았습니다" in missing.stderr, missing.stderr
