"""Profiles: the example streets validate; bad profiles get one report of located, explained problems."""
from __future__ import annotations

import pytest

from conftest import REPO, SCAFFOLD_DAY, STREETS, make_workspace, run_cli
from streetkit.errors import ProfileError
from streetkit.korean import format_phone
from streetkit.loader import load_street
from streetkit.workspace import Workspace


def test_example_streets_validate(workspace):
    for folder in STREETS:
        street = load_street(folder, workspace.host, workspace.themes)
        assert street.slug == folder.name
    sizes = {f.name: len(load_street(f, workspace.host, workspace.themes).profile.merchants) for f in STREETS}
    assert sizes["sinan-alley"] >= 40 and sizes["jinju-bidan-market"] >= 30


def test_validate_command_on_examples():
    result = run_cli("validate", *STREETS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("ok ") == len(STREETS)


def _problems(tmp_path, yaml_text: str, extra_files: dict[str, str] | None = None) -> list[str]:
    folder = make_workspace(tmp_path, yaml_text)
    for name, text in (extra_files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")
    ws = Workspace.open(tmp_path)
    with pytest.raises(ProfileError) as exc:
        load_street(folder, ws.host, ws.themes)
    return [str(p) for p in exc.value.problems]


def _scaffold_text(tmp_path) -> str:
    from streetkit.scaffold import profile_text
    return profile_text("test-street", "streets/test-street", SCAFFOLD_DAY)


def test_four_kinds_of_mistake_in_one_report(tmp_path):
    """The issue's acceptance case: syntax error, wrong type, misspelt key, missing field — all at once."""
    text = _scaffold_text(tmp_path)
    text = text.replace("tagline: 걸어서 만나는 동네 가게들", "tagline: 걸어서: 만나는: 가게들")  # syntax
    text = text.replace("location: {lat: 35.1740, lng: 126.9120}", "location: {lat: north, lng: 126.9120}")
    text = text.replace("    hours:                        #", "    hours_:                       #")
    text = text.replace("base_url: https://example.kr/test-street/   # where the site will be published (used in QR codes)\n", "")
    lines = text.split("\n")
    problems = _problems(tmp_path, text)
    joined = "\n".join(problems)
    f = "streets/test-street/street.yaml"

    def line_of(fragment: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if fragment in line)

    assert f"{f}:{line_of('tagline:')}:" in joined and "YAML syntax error" in joined
    assert f"{f}:{line_of('lat: north')}:" in joined and "location.lat: expected a valid number" in joined
    assert f"{f}:{line_of('hours_:')}:5: merchants[0].hours_: unknown key `hours_`: did you mean `hours`?" in joined
    assert "base_url: required field `base_url` is missing" in joined
    assert len(problems) == 4


def test_cli_reports_without_traceback(tmp_path):
    text = _scaffold_text(tmp_path).replace("category: food", "category: fod")
    make_workspace(tmp_path, text)
    result = run_cli("validate", "streets/test-street", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "merchants[0].category: expected 'food'" in result.stderr
    assert "(did you mean `food`?)" in result.stderr
    assert "1 problem found." in result.stderr


@pytest.mark.parametrize("old,new,expected", [
    ('mon: "10:00-21:00"', 'mon: "9-6"', 'merchants[0].hours.mon: expected "HH:MM-HH:MM" (e.g. "09:00-20:30") or "closed", got \'9-6\''),
    ('mon: "10:00-21:00"', 'mon: "25:00-26:00"', "25:00 is not a time of day"),
    ("phone: 062-000-0001", "phone: 12345", "merchants[0].phone: expected a Korean phone number"),
    ('primary: "#1F6F5C"', 'primary: "teal"', 'brand.primary: expected a hex colour like "#1F6F5C"'),
    ("theme: default", "theme: defualt", "theme: unknown theme 'defualt': did you mean `default`?"),
    ("plugins: []", "plugins: [local_curency]", "plugins[0]: unknown plugin 'local_curency': did you mean `local_currency`?"),
    ('start: "2026-05-02 11:00"', 'start: "2026-02-30 11:00"', "events[0].start:"),
    ('end: "2026-05-02 18:00"', 'end: "2026-05-01 18:00"', "is before start"),
    ("id: first-shop", "id: First Shop", "merchants[0].id: text should match pattern"),
    ("slug: test-street", "slug: test-street\nslug: again", "duplicate key `slug`"),
])
def test_single_mistakes_are_explained(tmp_path, old, new, expected):
    text = _scaffold_text(tmp_path)
    assert old in text
    problems = _problems(tmp_path, text.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


def test_plugin_section_needs_the_plugin_enabled(tmp_path):
    text = _scaffold_text(tmp_path).replace(
        "    description: 동네 사람들이", "    pay: {zeropay: true}\n    description: 동네 사람들이")
    problems = _problems(tmp_path, text)
    assert any("merchants[0].pay: `pay` belongs to plugin `local_currency`" in p and "add `local_currency` to `plugins:`" in p
               for p in problems), problems


def test_paths_must_stay_inside_the_street(tmp_path):
    (tmp_path / "secret.png").write_bytes(b"x")
    text = _scaffold_text(tmp_path).replace('  font: sans ', '  logo: ../../secret.png\n  font: sans ')
    problems = _problems(tmp_path, text)
    assert any("brand.logo: '../../secret.png' points outside the street folder" in p for p in problems), problems
    text = _scaffold_text(tmp_path).replace('  font: sans ', '  logo: /etc/passwd\n  font: sans ')
    assert any("is an absolute path" in p for p in _problems(tmp_path / "b", text))
    text = _scaffold_text(tmp_path).replace('  font: sans ', '  logo: images/none.png\n  font: sans ')
    assert any("file 'images/none.png' not found" in p for p in _problems(tmp_path / "c", text))


def test_markdown_front_matter_errors_are_located(tmp_path):
    page = "---\ntitle: 소개\norder: first\n---\n본문\n"
    problems = _problems(tmp_path, _scaffold_text(tmp_path), {"pages/intro.md": page})
    assert "streets/test-street/pages/intro.md:3:8: order: expected a valid integer" in problems[0]


def test_empty_and_binary_files(tmp_path):
    assert "the file is empty" in _problems(tmp_path, "")[0]
    folder = make_workspace(tmp_path / "bin")
    (folder / "street.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run_cli("validate", folder)
    assert result.returncode == 1 and "binary file" in result.stderr and "Traceback" not in result.stderr


def test_top_level_must_be_a_mapping(tmp_path):
    assert "expected a mapping" in _problems(tmp_path, "- a\n- b\n")[0]


@pytest.mark.parametrize("raw,formatted", [
    ("0625121234", "062-512-1234"), ("02-123-4567", "02-123-4567"), ("010 1234 5678", "010-1234-5678"),
    ("15881234", "1588-1234"), ("+82 62 512 1234", "062-512-1234"), ("0507-1234-5678", "0507-1234-5678"),
])
def test_phone_numbers_normalised(raw, formatted):
    assert format_phone(raw) == formatted


def test_schema_comment_in_examples_points_at_shipped_schema():
    for folder in STREETS:
        first = (folder / "street.yaml").read_text("utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/street.schema.json"
        assert (folder / "../../schema/street.schema.json").resolve() == REPO / "schema" / "street.schema.json"


@pytest.mark.parametrize(("phone", "uri"), [
    ("062-512-1234", "tel:+82-62-512-1234"), ("010-1234-5678", "tel:+82-10-1234-5678"),
    ("1357", "tel:1357"), ("1588-1234", "tel:1588-1234"),  # domestic only: no +82 (it was tel:+82-357)
])
def test_phone_links_dial_the_number(phone, uri):
    from streetkit.korean import tel_uri

    assert tel_uri(phone) == uri


def test_the_programme_call_centre_is_a_working_link(built):
    page = (built["sinan-alley"].out_dir / "site" / "programmes" / "index.html").read_text("utf-8")
    assert 'href="tel:1357"' in page and "tel:+82-357" not in page
