"""Property-based robustness: whatever bytes a profile holds, streetkit answers with problems, never a crash.

Derandomized, so CI runs the same few thousand cases every time.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, copy_street, make_workspace
from streetkit.build import Builder
from streetkit.errors import ProfileError, StreetkitError
from streetkit.loader import load_street
from streetkit.workspace import Workspace


def fuzz(examples: int) -> settings:
    return settings(derandomize=True, deadline=None, database=None, max_examples=examples,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
LINE = re.compile(r"^\S*street\.yaml:\d+:\d+: |^\S*\.md:\d+:\d+: ")

# Mutations at byte level: what a bad editor, a bad encoding or a bad merge does to a file.
_op = st.tuples(st.sampled_from(["delete", "insert", "replace", "dup-line", "drop-line", "tab", "quote"]),
                st.floats(0, 1, exclude_max=True),
                st.binary(min_size=1, max_size=4))


def mutate(data: bytes, ops) -> bytes:
    for kind, where, payload in ops:
        if not data:
            return payload
        i = int(where * len(data))
        if kind == "delete":
            data = data[:i] + data[i + len(payload):]
        elif kind == "insert":
            data = data[:i] + payload + data[i:]
        elif kind == "replace":
            data = data[:i] + payload + data[i + len(payload):]
        else:
            lines = data.split(b"\n")
            j = int(where * len(lines))
            if kind == "dup-line":
                lines.insert(j, lines[j])
            elif kind == "drop-line":
                del lines[j]
            elif kind == "tab":
                lines[j] = b"\t" + lines[j]
            else:
                lines[j] = lines[j] + b' "'
            data = b"\n".join(lines)
    return data


def check_answer(folder: Path, ws: Workspace):
    """Load the street; a problem report is fine, anything else is a bug. Returns the street or None."""
    try:
        return load_street(folder, ws.host, ws.themes)
    except ProfileError as exc:
        assert exc.problems, "a ProfileError must name at least one problem"
        for line in str(exc).splitlines():
            assert LINE.match(line), line
        return None


class Original(bytes):
    """The unmutated file; a short repr keeps failure reports readable."""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes>"


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory):
    """A copy of the Gwangju example street, whose street.yaml each case overwrites."""
    root = tmp_path_factory.mktemp("fuzz-example")
    folder = copy_street(REPO / "streets" / "sinan-alley", root)
    return Workspace.open(root), folder, Original((REPO / "streets/sinan-alley/street.yaml").read_bytes())


@fuzz(600)  # 600 mutations of the 1,300-line example: ~25 s on 2 cores; each is a full validate
@given(ops=st.lists(_op, min_size=1, max_size=6))
def test_mutated_example_profile_never_crashes_validate(example_copy, ops):
    ws, folder, original = example_copy
    (folder / "street.yaml").write_bytes(mutate(original, ops))
    check_answer(folder, ws)


@pytest.fixture(scope="module")
def small_street(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz-small")
    folder = make_workspace(root)
    return Workspace.open(root), folder, Original((folder / "street.yaml").read_bytes())


@fuzz(600)
@given(ops=st.lists(_op, min_size=1, max_size=4))
def test_mutated_profile_never_crashes_build(small_street, ops):
    ws, folder, original = small_street
    (folder / "street.yaml").write_bytes(mutate(original, ops))
    if check_answer(folder, ws) is not None:
        try:
            Builder(ws, only={"site"}, today=date(2026, 1, 1)).build(folder)
        except StreetkitError as exc:  # a clean, reported failure is an answer too
            assert str(exc)


# Structurally generated profiles: right keys with wrong, odd or extreme values.
_scalar = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=40), st.dates().map(str), st.sampled_from(["", "closed", "09:00-18:00", "#FFE66D",
                                                                                 "https://x.kr/", "../x", "food"]))
_value = st.recursive(_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=8)
_merchant = st.fixed_dictionaries({"id": st.one_of(st.just("shop"), _scalar), "name": _value,
                                   "category": st.one_of(st.just("food"), _scalar)},
                                  optional={"hours": st.dictionaries(st.sampled_from(["mon", "sun", "break", "tue_"]),
                                                                     _scalar, max_size=3),
                                            "phone": _scalar, "location": _value, "photo": _scalar, "tags": _value})


@fuzz(400)
@given(data=st.fixed_dictionaries({
    "slug": st.one_of(st.just("gen"), _scalar), "name": _value,
    "region": st.one_of(st.just({"sido": "광주광역시", "sigungu": "북구"}), _value),
    "association": st.one_of(st.just({"name": "상인회"}), _value),
    "base_url": st.one_of(st.just("https://gen.example.kr/"), _scalar),
    "brand": st.one_of(st.just({"primary": "#123456"}), st.fixed_dictionaries({"primary": _scalar}), _value),
    "merchants": st.lists(_merchant, max_size=3),
}, optional={"events": _value, "plugins": _value, "theme": _scalar, "name_en": _value}))
def test_generated_profiles_never_crash(small_street, data):
    ws, folder, _ = small_street
    (folder / "street.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    if check_answer(folder, ws) is not None:
        try:
            Builder(ws, only={"site"}, today=date(2026, 1, 1)).build(folder)
        except StreetkitError as exc:
            assert str(exc)
