"""Warnings for what a careless edit leaves behind (streetkit/advice.py), and `validate --strict`."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, copy_street, edit_profile, run_cli


@pytest.fixture
def street(tmp_path: Path) -> Path:
    return copy_street(REPO / "streets" / "sinan-alley", tmp_path / "ws")


_edit = edit_profile


def test_a_korean_trade_where_the_key_belongs_is_an_error_with_the_key(street):
    _edit(street, "    category: food\n", "    category: 음식\n")
    result = run_cli("validate", street)
    assert result.returncode == 1 and "did you mean `food`?" in result.stderr


def test_weekdays_missing_from_hours_are_named(street):
    _edit(street, '''      tue: "10:00-21:00"
      wed: "10:00-21:00"''', '''      wed: "10:00-21:00"''')
    result = run_cli("validate", street)
    assert result.returncode == 0
    assert "하루커피: no hours for 화 (tue), which will show as closed" in result.stderr
    assert run_cli("validate", "--strict", street).returncode == 1


def test_the_placeholders_of_streetkit_new_are_pointed_out(tmp_path):
    ws = tmp_path / "ws"
    (ws / "streets").mkdir(parents=True)
    run_cli("new", "fresh-alley", "--dir", ws / "streets", cwd=ws)
    result = run_cli("validate", ws / "streets" / "fresh-alley", cwd=ws)
    assert result.returncode == 0
    for value in ("062-000-0000", "office@example.kr", "https://example.kr/fresh-alley/", "새 골목형상점가"):
        assert f"{value!r} is the example `streetkit new` wrote" in result.stderr, value
    assert run_cli("validate", "--strict", ws / "streets" / "fresh-alley", cwd=ws).returncode == 1


def test_a_plugin_without_the_section_it_needs_fails_at_validate_not_at_build(street):
    path = street / "street.yaml"
    text = path.read_text("utf-8")
    start = text.index("local_currency:")
    body = text.index("\n", start) + 1
    end = re.search(r"^\S", text[body:], re.M).start() + body  # to the next top-level key
    # `~`: the street opts out of the section its district shares, and has none of its own
    path.write_text(text[:start] + "local_currency: ~\n" + text[end:], "utf-8")
    result = run_cli("validate", street)
    assert result.returncode == 1
    assert "plugin `local_currency` needs a `local_currency:` section" in result.stderr


def test_an_english_site_with_many_korean_only_names_is_one_line(street):
    result = run_cli("validate", street)
    lines = [line for line in result.stderr.splitlines() if "have no English name" in line]
    assert len(lines) == 1 and "15 of 44 merchants" in lines[0]


def test_pages_sharing_a_description(street):
    for name in ("about.md", "about.en.md"):
        page = street / "pages" / name
        lang = "en" if name.endswith(".en.md") else ""
        page.with_name(f"visit{'.' + lang if lang else ''}.md").write_text(
            "---\ntitle: 오시는 길\ndescription: 골목 안내\n---\n\n본문\n", "utf-8")
    (street / "pages" / "hours.md").write_text("---\ntitle: 영업시간\ndescription: 골목 안내\n---\n\n본문\n", "utf-8")
    result = run_cli("validate", street)
    assert "2 pages share the description '골목 안내'" in result.stderr


#: One careless edit each (old text -> new text of sinan-alley's profile), covering the kinds of
#: message validation prints.
EDITS = [
    ("    phone: 062-512-3009", "    phone: 12345"), ('      mon: "10:00-21:00"', '      mon: "9-6"'),
    ('      mon: "10:00-21:00"', '      mon: "25:00-26:00"'), ("    category: food\n", "    category: 음식\n"),
    ("    category: food\n", "    category: foood\n"), ("  - id: haru-coffee", "  - id: Haru Coffee"),
    ("    name: 하루커피", "    nmae: 하루커피"), ("    name: 하루커피\n", "    name: ''\n"), ('primary: "#E4572E"', 'primary: "red"'),
    ("base_url: https://moturi.example.kr/", "base_url: moturi.kr"), ("    photo: images/haru-coffee.jpg", "    photo: images/nope.jpg"),
    ("    photo: images/haru-coffee.jpg", "    photo: ../../etc/passwd"), ("theme: default", "theme: defualt"),
    ("  - id: moturi-bakery", "  - id: haru-coffee"), ("plugins: [", "plugins: [nosuch, "),
]


@pytest.mark.parametrize("old,new", EDITS)
def test_every_validation_message_is_said_in_korean_in_a_korean_locale(street, old, new):
    _edit(street, old, new)
    result = run_cli("validate", street, env={"LANG": "ko_KR.UTF-8"})
    assert result.returncode == 1
    assert "고칠 곳" in result.stderr and "확인이 필요합니다" not in result.stderr, result.stderr


def test_lang_en_speaks_english_in_a_korean_locale(street):
    _edit(street, *EDITS[0])
    english = run_cli("--lang", "en", "validate", street, env={"LANG": "ko_KR.UTF-8"})
    assert english.returncode == 1 and "problem" in english.stderr and "고칠 곳" not in english.stderr
    assert "expected a Korean phone number" in english.stderr, english.stderr


def test_a_build_reports_and_warns_in_korean_in_a_korean_locale(tmp_path):
    ws = tmp_path / "ws"
    (ws / "streets").mkdir(parents=True)
    run_cli("new", "fresh-alley", "--dir", ws / "streets", cwd=ws)
    result = run_cli("build", ws / "streets" / "fresh-alley", "--only", "site", cwd=ws, env={"LANG": "ko_KR.UTF-8"})
    assert result.returncode == 0, result.stderr
    assert "[1/1] fresh-alley: 파일 " in result.stdout and "초" in result.stdout
    assert "주의: '062-000-0000'은(는) 처음 만들 때 넣어 둔 보기 값입니다" in result.stderr
    english = run_cli("build", ws / "streets" / "fresh-alley", "--only", "site", cwd=ws, env={"LANG": "C.UTF-8"})
    assert " files (site " in english.stdout and "warning: '062-000-0000' is the example" in english.stderr


def test_a_summarised_warning_lists_every_item_with_verbose(street):
    short = run_cli("validate", street)
    assert "(--verbose lists all 15)" in short.stderr and "(halmae-kalguksu)" not in short.stderr
    full = run_cli("validate", "--verbose", street)
    listed = [line for line in full.stderr.splitlines() if line.startswith("    - ")]
    assert len(listed) >= 15 and "    - 할매손칼국수 (halmae-kalguksu)" in listed
    korean = run_cli("--lang", "ko", "validate", street)
    assert "(--verbose를 주면 15개를 모두 보여 줍니다)" in korean.stderr
