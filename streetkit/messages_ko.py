"""Korean versions of the problems `streetkit validate` reports, for people who read Korean first.

Each problem message is produced in English at its source (the models, the loader); this table
says it again in Korean, by the shape of the message, keeping the values it quotes. A message with
no Korean entry is shown in English after a Korean lead, never dropped.
"""
from __future__ import annotations

import re
from typing import Any

#: (pattern of the English message, Korean template using the pattern's groups), first match wins.
_TABLE: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.S), ko) for p, ko in (
    (r"^expected a Korean phone number like .*?, got (?P<v>.*)$",
     "전화번호 형식이 아닙니다: {v}. 062-123-4567, 010-1234-5678, 1588-1234처럼 적어 주세요."),
    (r'^expected "HH:MM-HH:MM" .*?, got (?P<v>.*)$',
     "시간은 09:00-20:30처럼 여는 시각과 닫는 시각을 적어 주세요 (적힌 값: {v})."),
    (r"^(?P<t>\d\d:\d\d) is not a time of day .*$", "{t}은(는) 하루 안의 시각이 아닙니다. 00:00부터 24:00 사이로 적어 주세요."),
    (r"^required field `(?P<f>[^`]+)` is missing$", "꼭 적어야 하는 칸입니다."),
    (r"^text should have at least 1 character.*$", "비어 있습니다. 내용을 적어 주세요."),
    (r"^text should have at most (?P<n>\d+) characters?.*$", "{n}자까지 쓸 수 있습니다. 줄여 주세요."),
    (r"^text should match pattern '\^\[a-z0-9\].*?, got (?P<v>.*)$",
     "영문 소문자, 숫자와 하이픈(-)만 쓸 수 있습니다 (예: haru-coffee). 적힌 값: {v}"),
    (r"^expected an http:// or https:// address, got (?P<v>.*)$",
     "http:// 또는 https://로 시작하는 주소를 적어 주세요 (적힌 값: {v})."),
    (r"^expected a valid URL.*$", "http:// 또는 https://로 시작하는 주소를 적어 주세요."),
    (r"^expected an e-mail address like .*?, got (?P<v>.*)$", "office@example.kr처럼 이메일 주소를 적어 주세요 (적힌 값: {v})."),
    (r'^expected a hex colour like .*?, got (?P<v>.*)$', "#1F6F5C처럼 # 뒤에 여섯 자리로 색을 적어 주세요 (적힌 값: {v})."),
    (r"^expected (?P<opts>'[^,]+'(?:, '[^']+')*,? or '[^']+'), got (?P<v>.*?)(?: \(did you mean `(?P<m>[^`]+)`\?\))?$",
     "목록에 있는 것 가운데 하나를 골라 주세요 (적힌 값: {v})."),
    (r"^expected a trade class key, got (?P<v>'[^']*'): did you mean `(?P<k>[^`]+)`\?(?P<rest>.*)$",
     "업종은 영어 이름으로 적습니다: {v}은(는) `{k}`입니다."),
    (r"^expected a valid number.*$", "숫자를 적어 주세요."),
    (r"^expected a valid integer.*$", "정수를 적어 주세요."),
    (r"^expected greater than or equal to (?P<n>[-\d.]+).*$", "{n} 이상이어야 합니다."),
    (r"^expected less than or equal to (?P<n>[-\d.]+).*$", "{n} 이하여야 합니다."),
    (r"^expected a valid datetime.*$", "날짜와 시각을 2026-05-02 11:00처럼 적어 주세요."),
    (r"^expected a valid date.*$", "날짜를 2026-05-02처럼 적어 주세요."),
    (r"^end (?P<e>.+) is before start (?P<s>.+)$", "끝나는 때({e})가 시작({s})보다 앞섭니다."),
    (r"^duplicate id (?P<v>'[^']*')(?P<rest>.*)$",
     "같은 웹 주소 이름 {v}을(를) 쓰는 항목이 이미 있습니다. 다른 이름을 적어 주세요."),
    (r"^no merchant with id (?P<v>'[^']*')(?:: did you mean `(?P<m>[^`]+)`\?)?$", "{v}인 가게가 없습니다."),
    (r"^unknown key `(?P<k>[^`]+)`(?:: did you mean `(?P<m>[^`]+)`\?)?.*$", "알 수 없는 항목 `{k}`입니다."),
    (r"^(?P<f>.+): unsupported image type (?P<t>\S+); use one of (?P<l>.+)$",
     "{f}: 쓸 수 없는 그림 형식({t})입니다. {l} 가운데 하나로 올려 주세요."),
    (r"^(?P<f>.+): too many pixels .*$", "{f}: 그림이 너무 큽니다. 크기를 줄여서 올려 주세요."),
    (r"^(?P<f>.+): \d+x\d+ is \d+ megapixels; .*$", "{f}: 그림이 너무 큽니다. 크기를 줄여서 올려 주세요."),
    (r"^(?P<f>.+): not an image Pillow can read.*$", "{f}: 그림 파일을 읽을 수 없습니다. 망가졌거나 그림 파일이 아닙니다."),
    (r"^(?P<f>.+): the file is (?P<t>\w+), but its name ends in (?P<s>\S+)$",
     "{f}: 파일 내용은 {t}인데 이름은 {s}로 끝납니다."),
    (r"^file (?P<v>'[^']*') not found in the street folder$", "파일 {v}이(가) 상점가 폴더에 없습니다."),
    (r"^(?P<v>'[^']*') points outside the street folder$", "{v}은(는) 상점가 폴더 밖을 가리킵니다."),
    (r"^`(?P<k>[^`]+)` belongs to plugin `(?P<p>[^`]+)`, which this street does not enable.*$",
     "`{k}`은(는) `{p}` 기능의 설정인데, 이 상점가는 그 기능을 쓰지 않습니다. 기능을 켜거나 이 설정을 지워 주세요."),
    (r"^unknown plugin (?P<v>'[^']*')(?:: did you mean `(?P<m>[^`]+)`\?)?.*$", "{v}라는 기능은 설치되어 있지 않습니다."),
    (r"^unknown theme (?P<v>'[^']*')(?:: did you mean `(?P<m>[^`]+)`\?)?.*$", "{v}라는 디자인 테마가 없습니다."),
    (r"^(?P<n>.+): no hours for (?P<d>\S+) \(.*$",
     "{n}: {d}요일의 영업시간이 없어 쉬는 날로 보입니다. 시간을 적거나 '쉬는 날'을 골라 주세요."),
    (r"^(?P<n>\d+) merchants give hours for some weekdays only.*?\((?P<names>.*)\)$",
     "가게 {n}곳의 영업시간에 빠진 요일이 있어 쉬는 날로 보입니다 ({names})."),
    (r"^(?P<v>'[^']*') is the example `streetkit new` wrote.*$",
     "{v}은(는) 처음 만들 때 넣어 둔 보기 값입니다. 실제 값으로 바꿔 주세요."),
    (r"^the English site is on, but (?P<n>\d+) of (?P<t>\d+) merchants have no English name .*?: (?P<names>.*)$",
     "영어 사이트가 켜져 있는데 가게 {t}곳 가운데 {n}곳에 영어 이름이 없어 한국어 이름으로 보입니다: {names}"),
    (r"^(?P<n>\d+) of (?P<t>\d+) (?P<k>pages|news) have no English version .*?: (?P<names>.*)$",
     "영어판이 없는 {k}: {t}개 가운데 {n}개 ({names})."),
    (r"^(?P<n>\d+) pages share the description (?P<v>'[^']*').*$",
     "페이지 {n}개가 같은 설명 {v}을(를) 씁니다. 검색 결과에서 구별되도록 저마다 다르게 적어 주세요."),
    (r"^plugin `(?P<p>[^`]+)` needs a `(?P<s>[^`]+):` section.*$",
     "`{p}` 기능에는 `{s}` 설정이 있어야 합니다. 설정을 더하거나 기능을 꺼 주세요."),
    (r"^a monthly event needs nth.*$", "매월 하는 행사는 몇째 주인지 골라 주세요."),
    (r"^nth is only for monthly events.*$", "몇째 주는 매월 하는 행사에만 고릅니다."),
    (r"^a repeating event starts and ends on the same day.*$",
     "되풀이하는 행사는 같은 날 시작하고 끝나야 합니다. 첫날의 시각을 적어 주세요."),
)]


#: Words of the profile that a Korean message says in Korean when it quotes them.
_WORDS = {"pages": "페이지", "news": "소식"}


def korean(message: str) -> str:
    """`message` in Korean; an unknown one keeps its English after a Korean lead."""
    for pattern, template in _TABLE:
        if m := pattern.match(message):
            text = template.format(**{k: _WORDS.get(v or "", v or "") for k, v in m.groupdict().items()})
            if (suggestion := m.groupdict().get("m")) and f"`{suggestion}`" not in text:
                text += f" `{suggestion}`을(를) 말하나요?"
            return text
    return f"확인이 필요합니다: {message}"


def has_korean(message: str) -> bool:
    """Whether the table says `message` in Korean (for tests and for the CLI's fallback)."""
    return any(p.match(message) for p, _ in _TABLE)


def user_language(explicit: str | None = None) -> str:
    """"ko" when the user reads Korean first (`--lang ko`, or a Korean locale: LC_ALL, LC_MESSAGES,
    LANG, as gettext reads them), else "en"."""
    import os

    if explicit:
        return "ko" if explicit.lower().startswith("ko") else "en"
    for name in ("STREETKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := os.environ.get(name):
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def problem_line(problem: Any, lang: str) -> str:
    """One problem as printed: `file:line:col: field: message`, the message in `lang`."""
    if lang != "ko":
        return str(problem)
    from .errors import Problem

    shown = Problem(problem.file, problem.line, problem.col, problem.field, korean(problem.message), problem.severity)
    return str(shown).replace(": warning: ", ": 주의: ")


_LOCATED = re.compile(r"^(?P<where>.*?: )warning: (?P<message>.*)$", re.S)


def warning_line(line: str, lang: str) -> str:
    """A build warning as printed: `warning: …` in English; in Korean `주의: …`, the message said
    again in Korean where the table knows it (a located one keeps its file:line: field)."""
    if lang != "ko":
        return line if _LOCATED.match(line) else f"warning: {line}"
    if m := _LOCATED.match(line):
        return f"{m['where']}주의: {korean(m['message'])}"
    return f"주의: {korean(line) if has_korean(line) else line}"
