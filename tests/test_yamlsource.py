"""The YAML reader: safe_load semantics plus positions, duplicate keys, bounded aliases, recovery."""
from streetkit.yamlsource import MAX_NODES, parse


def test_positions_of_values_and_keys():
    located, problems = parse("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert problems == []
    assert located.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert located.values[("a",)] == (1, 4)
    assert located.keys[("b",)] == (2, 1)
    assert located.values[("b", 1, "c")] == (4, 9)
    assert located.where(("b", 1, "missing")) == (4, 5)  # falls back to the nearest known parent


def test_duplicate_keys_are_reported_not_overwritten():
    located, problems = parse("name: a\nname: b\n", "f.yaml")
    assert located.data == {"name": "a"}
    assert [str(p) for p in problems] == ["f.yaml:2:1: name: duplicate key `name` (first defined on line 1)"]


def test_tab_indentation_explained():
    located, problems = parse("a:\n\t- b\nc: 1\n", "f.yaml")
    assert "tab" in problems[0].message and problems[0].line == 2
    assert located.data == {"a": None, "c": 1}  # recovered: the rest of the file is still checked


def test_python_tags_are_never_executed():
    located, problems = parse("x: !!python/object/apply:os.system [echo hacked]\ny: 1\n", "f.yaml")
    assert located.data == {"x": None, "y": 1}
    assert "unsupported YAML tag" in problems[0].message and problems[0].field == "x"


def test_alias_bomb_is_refused():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    located, problems = parse("\n".join(levels) + "\n", "f.yaml")
    assert located is None
    assert f"{MAX_NODES:,}" in problems[0].message


def test_impossible_date_is_a_problem_not_a_crash():
    located, problems = parse("d: 2025-02-30\n", "f.yaml")
    assert located.data == {"d": None}
    assert "day is out of range" in problems[0].message


def test_recovers_after_a_syntax_error_to_report_more():
    text = "a: 1\nb: x: y\nc: [1, 2]\nd: 4\n"
    located, problems = parse(text, "f.yaml")
    assert problems[0].line == 2 and "syntax error" in problems[0].message
    assert located.data == {"a": 1, "c": [1, 2], "d": 4}
    assert located.values[("d",)] == (4, 4)  # line numbers unchanged by the recovery


def test_empty_document():
    located, problems = parse("# only a comment\n", "f.yaml")
    assert located.data is None and problems == []


def test_line_offset_for_front_matter():
    located, _ = parse("title: x\n", "p.md", line_offset=1)
    assert located.values[("title",)] == (2, 8)


def test_control_character_is_located_on_one_line():
    located, problems = parse("a: 1\nb: x\x00y\nc: 2\n", "f.yaml")
    assert str(problems[0]) == ("f.yaml:2:5: character U+0000 is not allowed in YAML "
                                "(a control character; was the file saved as text?)")
    assert located.data == {"a": 1, "c": 2}  # recovered past the bad line
