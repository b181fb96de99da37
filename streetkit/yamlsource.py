"""Read YAML with `yaml.safe_load` semantics while remembering where every value came from.

PyYAML's composer gives us a node graph with marks; we construct plain Python data from it
ourselves so that we can (a) record the line/column of every key and value, (b) reject duplicate
keys, which `safe_load` silently overwrites, and (c) bound alias expansion ("billion laughs").
Only JSON's scalars and dates are accepted; `!!python/...`, `!!binary` and other tags are reported,
never constructed. Text is NFC-normalised.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .cache import cache_key, cached_object
from .errors import Problem

try:  # the C composer is ~5x faster; fall back where libyaml is missing
    _BaseLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

#: More constructed nodes than this means alias expansion is running away.
MAX_NODES = 200_000


@dataclass
class Located:
    """Parsed YAML plus the positions (1-based line, col) of values and of mapping keys."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of `loc`, or of its nearest ancestor that we know."""
        loc = tuple(loc)
        while True:
            if key and loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]
            key = False


class _TooBig(Exception):
    pass


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n")
    if line < len(lines) and col < len(lines[line]):
        return lines[line][col]
    return ""


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_STR_TAG = "tag:yaml.org,2002:str"
#: Scalars JSON has (and dates, which profiles use): `!!binary` and the like are refused with
#: `!!python/...`, so nothing but plain data ever reaches the models.
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp"))


#: Content-cache namespace of parsed YAML, and the size from which a text is worth an entry
#: (smaller files parse in a few milliseconds; every saved edit of a big profile adds one).
PARSE_CACHE = "yaml"
CACHE_FROM_CHARS = 20_000


def parse(text: str, filename: str, *, line_offset: int = 0) -> tuple[Located | None, list[Problem]]:
    """Parse YAML text; return the located data (None when nothing could be read) and all problems.

    Results are kept in the content cache, keyed by the text itself: composing and constructing a
    1,000-merchant profile with positions takes a third of a second, unpickling it two hundredths.
    """
    if len(text) < CACHE_FROM_CHARS:
        return _parse(text, filename, line_offset)
    # Parsed results depend on this module's code and on PyYAML: either changing makes a new key.
    key = cache_key(filename, str(line_offset), text, code=[__name__], libraries=["pyyaml"])
    return cached_object(PARSE_CACHE, key, lambda: _parse(text, filename, line_offset))


def _parse(text: str, filename: str, line_offset: int) -> tuple[Located | None, list[Problem]]:
    """`parse` without the cache.

    After a syntax error we blank the offending line (keeping line numbers) and try again, a few
    times, so that one run reports the syntax error *and* the problems in the rest of the file.
    """
    syntax: list[Problem] = []
    lines = text.split("\n")
    for _attempt in range(5):
        node, problem, bad_line = _compose("\n".join(lines), filename, line_offset)
        if problem is None:
            break
        syntax.append(problem)
        if bad_line is None or bad_line >= len(lines) or lines[bad_line].startswith("#streetkit-skipped"):
            return None, syntax
        lines[bad_line] = "#streetkit-skipped"
    else:
        return None, syntax
    located, problems = _construct(node, filename, line_offset)
    return located, syntax + problems


def _compose(text: str, filename: str, line_offset: int) -> tuple[yaml.Node | None, Problem | None, int | None]:
    """Compose the node graph, or describe the first syntax error and the 0-based line to skip."""
    loader = _BaseLoader(text)
    try:
        return loader.get_single_node(), None, None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context_mark and (exc.context or "").startswith("while parsing a flow"):
            # An unclosed `[` or `{` is found where the parser gives up, often lines later: point
            # at the bracket, and skip its line so the lines after it are still read.
            mark = exc.context_mark
            opener = _char_at(text, mark.line, mark.column) or "["
            what = f"`{opener}` is never closed ({what})"
        line, col = _pos(mark) if mark else (1, 1)
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            what += " (a tab: YAML indentation must use spaces)"
        return None, Problem(filename, line + line_offset, col, "", f"YAML syntax error: {what}"), (mark.line if mark else None)
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
        before = text[:exc.position]
        line, col = before.count("\n"), exc.position - (before.rfind("\n") + 1)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return None, Problem(filename, line + 1 + line_offset, col + 1, "",
                             f"character U+{ord(char):04X} is not allowed in YAML (a control character; "
                             "was the file saved as text?)"), line
    except yaml.YAMLError as exc:
        return None, Problem(filename, 1 + line_offset, 1, "", "not readable as YAML: " + " ".join(str(exc).split())), None
    finally:
        loader.dispose()


def _construct(node: yaml.Node | None, filename: str, line_offset: int) -> tuple[Located | None, list[Problem]]:
    """Plain Python data from the node graph, with positions, duplicate keys and bounded aliases."""
    problems: list[Problem] = []
    loader = _BaseLoader("")  # only for flatten_mapping (merge keys)
    located = Located(data=None)
    constructor = yaml.constructor.SafeConstructor()
    if node is None:
        return located, problems
    counter = [0]

    def build(n: yaml.Node, path: Path_, stack: tuple[int, ...]) -> Any:
        counter[0] += 1
        if counter[0] > MAX_NODES:
            raise _TooBig
        line, col = _pos(n.start_mark)
        located.values[path] = (line + line_offset, col)
        if id(n) in stack:
            problems.append(Problem(filename, line + line_offset, col, _fmt(path), "recursive YAML alias"))
            return None
        if isinstance(n, (yaml.MappingNode, yaml.SequenceNode)) and n.tag not in (_MAP_TAG, _SEQ_TAG):
            problems.append(Problem(filename, line + line_offset, col, _fmt(path),
                                    f"unsupported YAML tag {n.tag!r}: only plain data is allowed"))
            return None
        if isinstance(n, yaml.MappingNode):
            loader.flatten_mapping(n)  # resolve `<<` merge keys the way safe_load does
            out: dict[Any, Any] = {}
            first: dict[Any, int] = {}
            for k_node, v_node in n.value:
                if not isinstance(k_node, yaml.ScalarNode):
                    kl, kc = _pos(k_node.start_mark)
                    problems.append(Problem(filename, kl + line_offset, kc, _fmt(path), "mapping keys must be plain text"))
                    continue
                key = _scalar(constructor, k_node, path, problems, filename, line_offset)
                if isinstance(key, (list, dict)) or key is None:
                    key = str(k_node.value)
                kl, kc = _pos(k_node.start_mark)
                sub = path + (str(key),)
                if key in first:
                    problems.append(Problem(filename, kl + line_offset, kc, _fmt(sub),
                                            f"duplicate key `{key}` (first defined on line {first[key]})"))
                    continue
                first[key] = kl + line_offset
                located.keys[sub] = (kl + line_offset, kc)
                out[str(key) if not isinstance(key, str) else key] = build(v_node, sub, stack + (id(n),))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(item, path + (i,), stack + (id(n),)) for i, item in enumerate(n.value)]
        return _scalar(constructor, n, path, problems, filename, line_offset)

    try:
        located.data = build(node, (), ())
    except _TooBig:
        return None, [Problem(filename, 1 + line_offset, 1, "",
                              f"the document expands to more than {MAX_NODES:,} values "
                              "(runaway YAML aliases?); refusing to read it")]
    return located, problems


def _scalar(constructor: yaml.constructor.SafeConstructor, n: yaml.Node, path: Path_,
            problems: list[Problem], filename: str, line_offset: int) -> Any:
    if n.tag == _STR_TAG:  # most values: already text, no constructor round trip needed
        # One form for every text: a name typed as decomposed jamo (NFD, as macOS file dialogs and
        # some keyboards give it) must equal, sort and search like the same name typed as syllables.
        return n.value if unicodedata.is_normalized("NFC", n.value) else unicodedata.normalize("NFC", n.value)
    if n.tag not in _PLAIN_TAGS:
        line, col = _pos(n.start_mark)
        problems.append(Problem(filename, line + line_offset, col, _fmt(path),
                                f"unsupported YAML tag {n.tag!r}: only plain data is allowed"))
        return None
    try:
        return constructor.construct_object(n, deep=True)
    except yaml.constructor.ConstructorError:
        line, col = _pos(n.start_mark)
        problems.append(Problem(filename, line + line_offset, col, _fmt(path),
                                f"unsupported YAML tag {n.tag!r}: only plain data is allowed"))
        return None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. 2025-02-30 as a timestamp
        line, col = _pos(n.start_mark)
        problems.append(Problem(filename, line + line_offset, col, _fmt(path), f"invalid value {n.value!r}: {exc}"))
        return None


def _fmt(path: Path_) -> str:
    return format_loc(path)


def format_loc(loc: Path_) -> str:
    """`('merchants', 3, 'hours', 'mon')` -> `merchants[3].hours.mon`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
