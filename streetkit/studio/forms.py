"""Forms generated from the profile's typed models: no screen is drawn by hand for a field.

`describe(model)` turns a pydantic model into a tree of `FormField`s with the widget that fits each
field's type (a select for a choice, a week grid for opening hours, checkboxes for a list of
choices, a fold for the English twin of a Korean field …); `parse(fields, form)` turns the browser's
form data back into the plain data `street.yaml` holds. A plugin's model gets a form the same way.

A model tells the form what it cannot guess through the field's `title` (the Korean label) and
`json_schema_extra`: `title_en`, `hint` (Korean help under the label), `widget` (`textarea`,
`hidden`, `week`, `image`, `color`), `choices` (Korean labels of a Literal's values), `order`.
"""
from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..categories import CATEGORIES
from ..korean import WEEKDAY_KO, WEEKDAYS
from ..models import DESIGNATION_NAMES

#: Korean labels of choice values every form shares, used when a model gives none.
CHOICE_LABELS: dict[str, str] = {
    **{key: c.ko for key, c in CATEGORIES.items()},
    "paper": "종이 상품권", "card": "카드형", "mobile": "모바일",
    "event": "행사", "workshop": "교육", "week": "매주", "month": "매월",
    "sans": "고딕 (sans)", "serif": "명조 (serif)", "rounded": "둥근 고딕 (rounded)",
    **{d: f"{k}요일" for d, k in zip(WEEKDAYS, WEEKDAY_KO)},
    **{key: names[0] for key, names in DESIGNATION_NAMES.items()},
}


@dataclass
class FormField:
    """One field of a form; `name` is its key in the profile, `path` its name in the HTML form."""

    name: str
    path: str
    label: str
    widget: str
    required: bool = False
    hint: str = ""
    label_en: str = ""
    choices: list[tuple[Any, str]] = field(default_factory=list)
    children: list[FormField] = field(default_factory=list)
    english: FormField | None = None
    number: str = ""  # "int" or "float" for number inputs
    minimum: float | None = None
    maximum: float | None = None

    @property
    def dom_id(self) -> str:
        return "f-" + re.sub(r"[^a-zA-Z0-9_-]", "-", self.path)


def describe(model: type[BaseModel], prefix: str = "", skip: frozenset[str] = frozenset()) -> list[FormField]:
    """The form of `model`: one FormField per field (English twins folded into their Korean field)."""
    fields: list[FormField] = []
    by_name: dict[str, FormField] = {}
    infos = model.model_fields
    for name, info in infos.items():
        key = info.alias or name
        if key in skip:
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("widget") == "hidden":
            continue
        f = _field(key, prefix + key, info, extra)
        if f is None:
            continue
        if key.endswith("_en") and key[:-3] in by_name:
            by_name[key[:-3]].english = f
            continue
        by_name[key] = f
        fields.append(f)
    return fields


def _field(key: str, path: str, info: FieldInfo, extra: Mapping[str, Any]) -> FormField | None:
    inner = _type_info(info.annotation)
    if inner is not None:  # `Phone | None`: the reusable type's own title, hint and widget count too
        extra = {**(inner.json_schema_extra if isinstance(inner.json_schema_extra, dict) else {}), **extra}
    tp = _strip_optional(info.annotation)
    label = info.title or (inner.title if inner is not None else None) or _fallback_label(key, info)
    f = FormField(name=key, path=path, label=label, widget="text", required=info.is_required(),
                  hint=str(extra.get("hint", "")), label_en=str(extra.get("title_en", "")))
    for meta in info.metadata:
        if (ge := getattr(meta, "ge", None)) is not None:
            f.minimum = float(ge)
        if (le := getattr(meta, "le", None)) is not None:
            f.maximum = float(le)
    widget = extra.get("widget")
    model = _model_in(tp)
    if widget:
        f.widget = str(widget)
        if model is not None:
            f.children = describe(model, path + ".")
    elif model is not None:
        f.widget, f.children = "group", describe(model, path + ".")
    elif typing.get_origin(tp) is Literal:
        f.widget, f.choices = "select", _choices(typing.get_args(tp), extra)
    elif typing.get_origin(tp) is list:
        raw = typing.get_args(tp)[0]
        inner = _strip_optional(raw)
        element = _type_info(raw) if typing.get_origin(raw) is typing.Annotated else None
        element_widget = element.json_schema_extra.get("widget") if element is not None and isinstance(
            element.json_schema_extra, dict) else None
        if element_widget == "merchant":
            f.widget = "merchants"  # checkboxes of the street's merchants, by name
        elif typing.get_origin(inner) is Literal:
            f.widget, f.choices = "checkboxes", _choices(typing.get_args(inner), extra)
        elif inner is str:
            f.widget = "tags"
        elif inner is date:
            f.widget = "dates"
        elif (record := _model_in(inner)) is not None:
            # A repeatable group: each entry's fields are named `path.<n>.field` (see `entries`).
            f.widget, f.children = "records", describe(record, path + ".#.")
        else:
            return None
    elif tp is bool:
        f.widget = "checkbox"
    elif tp in (int, float):
        f.widget, f.number = "number", tp.__name__
    elif tp is datetime:
        f.widget = "datetime"
    elif tp is date:
        f.widget = "date"
    elif key == "phone" or key.endswith("_phone"):
        f.widget = "tel"
    elif key in ("website", "apply_url") or "url" in key:
        f.widget = "url"
    elif key.startswith("description"):
        f.widget = "textarea"
    return f


def _type_info(tp: Any) -> FieldInfo | None:
    """The `Field(...)` inside an `Annotated` type such as `Phone`, also within `X | None`
    (pydantic keeps it only for the bare type)."""
    union = typing.get_origin(tp) in (typing.Union, types.UnionType)
    for arg in (tp, *(typing.get_args(tp) if union else ())):
        if typing.get_origin(arg) is typing.Annotated:
            for meta in typing.get_args(arg)[1:]:
                if isinstance(meta, FieldInfo):
                    return meta
    return None


def _fallback_label(key: str, info: FieldInfo) -> str:
    # A third-party field without a title: its description, up to the first full stop.
    if info.description:
        return re.split(r",?\s*e\.g\.|\.\s|\.$|:\s", info.description)[0].strip() or key
    return key.replace("_", " ")


def _choices(values: tuple[Any, ...], extra: Mapping[str, Any]) -> list[tuple[Any, str]]:
    labels = extra.get("choices") or {}
    # JSON Schema keys are text: a Literal[1, 2] is labelled by {"1": …, "2": …}.
    return [(v, str(labels.get(str(v)) or CHOICE_LABELS.get(str(v)) or v)) for v in values]


def _strip_optional(tp: Any) -> Any:
    for _ in range(4):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return args[0] if args else tp
            tp = args[0]
        else:
            return tp
    return tp


def _model_in(tp: Any) -> type[BaseModel] | None:
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


# ---------------------------------------------------------------------------------------------
# Form data -> profile data

class FormData(typing.Protocol):
    """What a form is read from: Starlette's FormData, or any multi-dict like it."""

    def get(self, key: str, /) -> Any: ...
    def getlist(self, key: str) -> list[Any]: ...
    def keys(self) -> Any: ...


def parse(fields: list[FormField], form: FormData) -> dict[str, Any]:
    """The values of `fields` in `form`, as the profile writes them; empty fields are left out."""
    out: dict[str, Any] = {}
    for f in fields:
        for one in (f, f.english):
            if one is None:
                continue
            value = _value(one, form)
            if value not in (None, "", [], {}):
                out[one.name] = value
    return out


#: The most entries a repeatable group reads from one form.
MAX_ENTRIES = 500


def entries(f: FormField, values: Any) -> list[tuple[int, list[FormField]]]:
    """The entries of a repeatable group as forms: one per saved entry, and an empty one to add."""
    saved = _at(values, f.path)
    count = len(saved) if isinstance(saved, list) else 0
    return [(i, instance(f.children, i)) for i in range(count + 1)]


def instance(fields: list[FormField], index: int) -> list[FormField]:
    """`fields` of entry `index` of a repeatable group (`faq.#.answer` -> `faq.2.answer`)."""
    import copy

    out = []
    for f in fields:
        g = copy.copy(f)
        g.path = f.path.replace(".#.", f".{index}.", 1)
        g.children = instance(f.children, index) if f.widget != "records" else f.children
        g.english = instance([f.english], index)[0] if f.english else None
        out.append(g)
    return out


def _at(values: Any, path: str) -> Any:
    current = values
    for part in path.split("."):
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current


def _records(f: FormField, form: FormData) -> list[dict[str, Any]]:
    keys = {str(k) for k in getattr(form, "keys", list)()}
    out = []
    for i in range(MAX_ENTRIES):
        prefix = f"{f.path}.{i}."
        if not any(k.startswith(prefix) for k in keys):
            break
        if form.get(prefix + "remove"):
            continue
        entry = parse(instance(f.children, i), form)
        if entry:
            out.append(entry)
    return out


def _text(form: FormData, path: str) -> str:
    value = form.get(path)
    # Normalise line ends and stray spaces the way a person means them.
    return str(value).replace("\r\n", "\n").strip() if isinstance(value, str) else ""


def _value(f: FormField, form: FormData) -> Any:
    if f.widget == "group":
        return parse(f.children, form)
    if f.widget == "records":
        return _records(f, form)
    if f.widget == "week":
        return _week(f, form)
    if f.widget == "checkbox":
        return True if form.get(f.path) else None
    if f.widget == "color":
        # A colour input always holds a colour: an optional one counts only when its box is ticked.
        if not f.required and not form.get(f.path + ".use"):
            return None
        return _text(form, f.path).upper()
    if f.widget == "checkboxes":
        allowed = {str(v): v for v, _ in f.choices}
        return [allowed[v] for v in form.getlist(f.path) if v in allowed]
    if f.widget == "merchants":
        return [str(v) for v in form.getlist(f.path) if str(v)]
    text = _text(form, f.path)
    if f.widget == "tags":
        return [t.strip() for t in re.split(r"[,，、\n]", text) if t.strip()]
    if f.widget == "dates":
        return [_date(t.strip()) for t in re.split(r"[,\s]+", text) if t.strip()]
    if f.widget == "number" and text:
        try:
            return int(text) if f.number == "int" else float(text)
        except ValueError:
            return text  # the model says what is wrong with it
    if f.widget == "select" and text:
        for value, _label in f.choices:
            if str(value) == text:
                return value
    if f.widget == "datetime" and text:
        return text.replace("T", " ")[:16]
    if f.widget == "date" and text:
        return _date(text)
    return text


def _date(text: str) -> Any:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def _week(f: FormField, form: FormData) -> dict[str, Any]:
    """The week grid: per weekday `closed` or open/close times; a break; notes."""
    out: dict[str, Any] = {}
    for day in (*WEEKDAYS, "break"):
        base = f"{f.path}.{day}"
        opens, closes = _text(form, base + ".open"), _text(form, base + ".close")
        if day != "break" and form.get(base + ".closed"):
            out[day] = "closed"
        elif opens or closes:
            out[day] = f"{opens}-{closes}"
    for child in f.children:
        if child.widget == "records" and (entries_ := _records(child, form)):
            out[child.name] = entries_
        if child.name in ("note", "note_en"):
            if text := _text(form, child.path):
                out[child.name] = text
        if child.english and (text := _text(form, child.english.path)):
            out[child.english.name] = text
    return out


def week_rows(hours: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The rows of the week grid for saved hours: weekday, Korean name, open, close, closed."""
    hours = hours or {}
    rows = []
    for day, ko in (*zip(WEEKDAYS, WEEKDAY_KO), ("break", "쉬는 시간")):
        value = str(hours.get(day) or "")
        opens, _, closes = value.partition("-") if value and value != "closed" else ("", "", "")
        rows.append({"day": day, "ko": ko if day == "break" else f"{ko}요일", "open": opens, "close": closes,
                     "closed": value == "closed"})
    return rows


def errors_by_path(problems: list[Any], prefix: str) -> dict[str, list[str]]:
    """Problems of one item (`merchants[3].` …) keyed by their form path (`hours.mon`)."""
    out: dict[str, list[str]] = {}
    for p in problems:
        fieldname = getattr(p, "field", "")
        if not fieldname.startswith(prefix):
            continue
        path = fieldname[len(prefix):].lstrip(".")
        path = re.sub(r"\[(\d+)\]", r".\1", path)  # `faq[2].answer`: the entry's own field
        out.setdefault(path, []).append(p.message)
    return out


def value_at(values: Any, path: str) -> Any:
    """`values | value_at("hours.mon")`: the value a form field shows ("" when absent); lists of
    words as `a, b`, dates as the date input wants them."""
    current = _at(values, path)
    if isinstance(current, list):
        return ", ".join(str(v) for v in current)
    if isinstance(current, datetime):
        return current.strftime("%Y-%m-%dT%H:%M")
    if isinstance(current, date):
        return current.isoformat()
    if current is None:
        return ""
    return current
