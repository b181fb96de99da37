"""Korean words in print stay whole: written into a template, printed from a value, or both."""
from __future__ import annotations

import subprocess

from weasyprint import HTML

from streetkit.korean import WORD_JOINER as WJ
from streetkit.render.html import make_environment
from streetkit.render.keepall import join_text

CAPTION = "요일·시간대별로 문을 연 점포 수입니다. 칸의 숫자가 점포 수이고, 색이 짙을수록 많이 엽니다."


def _render(tmp_path, output: str, name: str, source: str, **context) -> str:
    """As the build renders a page or a print document (`Builder._render_template`)."""
    (tmp_path / name).write_text(source, "utf-8")
    html = make_environment([tmp_path], output).get_template(name).render(context)
    return join_text(html) if output == "print" else html


def test_literal_text_is_joined_but_not_markup_title_or_style(tmp_path):
    html = _render(tmp_path, "print", "page.html", (
        "<title>상권 분석 보고서</title>\n"
        "<style>.toc::before { content: \"차례\"; }</style>\n"
        "<!-- 작성자's 메모 > 참고 -->\n"
        '<img alt="골목 지도" src="{{ src }}" data-bookmark="상권 개요">\n'
        '<p class="{{ cls }}" title="점포 수">칸의 숫자가 점포 수 <b>{{ n }}</b> 중</p>'),
        src="map.svg", cls="note", n="12곳")
    assert "<title>상권 분석 보고서</title>" in html  # the PDF's title metadata
    assert 'content: "차례"' in html
    assert 'alt="골목 지도"' in html and 'data-bookmark="상권 개요"' in html and 'title="점포 수"' in html
    assert f"칸{WJ}의 숫{WJ}자{WJ}가 점{WJ}포 수 " in html  # after an attribute with an expression in it
    assert f"12{WJ}곳" in html  # a printed value
    assert "</b> 중</p>" in html


def test_site_pages_and_stylesheets_are_left_as_written(tmp_path):
    assert _render(tmp_path, "site", "page.html", f"<p>{CAPTION}</p>") == f"<p>{CAPTION}</p>"
    css = 'body::after { content: "색이 짙을수록"; font-family: "나눔고딕"; }'
    (tmp_path / "print.css").write_text(css, "utf-8")
    assert _render(tmp_path, "print", "doc.html", '<style>{% include "print.css" %}</style><p>색이</p>') == (
        f"<style>{css}</style><p>색{WJ}이</p>")


def test_a_caption_in_a_narrow_column_breaks_only_between_words(tmp_path):
    html = _render(tmp_path, "print", "caption.html", (
        '<html lang="ko"><body style="margin: 0"><p style="width: 34mm; font: 9pt \'Noto Sans CJK KR\'">'
        f"{CAPTION}</p></body></html>"))
    pdf = tmp_path / "caption.pdf"
    HTML(string=html).write_pdf(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    lines = [line.replace(WJ, "").strip() for line in text.splitlines() if line.strip()]
    assert len(lines) >= 4  # the column is narrow enough to wrap often
    words = set(CAPTION.split())
    assert all(word in words for line in lines for word in line.split()), lines


def test_written_text_meets_a_printed_value_without_a_break(tmp_path):
    html = _render(tmp_path, "print", "edge.html",
                   '<p>{{ shop }}의 범위, 약{{ n }} 그리고 {{ shop }} 옆</p><a title="{{ shop }}의">x</a>',
                   shop="모퉁이길", n="3곳")
    assert f"모{WJ}퉁{WJ}이{WJ}길{WJ}의 범{WJ}위, 약{WJ}3{WJ}곳 그{WJ}리{WJ}고 모{WJ}퉁{WJ}이{WJ}길 옆</p>" in html
    assert '<a title="모퉁이길의">' in html  # attribute values stay as written, printed or not


def test_the_build_joins_the_report_it_renders():
    from datetime import date
    from pathlib import Path

    from streetkit.artifacts import Document
    from streetkit.build import Builder
    from streetkit.workspace import Workspace

    root = Path(__file__).resolve().parent.parent
    builder = Builder(Workspace.open(root), out_root=root / "_unused", only={"print"}, today=date(2026, 11, 23))
    street = builder.load(root / "streets/sinan-alley")
    planned = builder.plan(street)
    report = next(a for a in planned.artifacts if isinstance(a, Document) and a.path == "print/report.pdf")
    html = builder.render_html(street, planned, report)
    assert f"많{WJ}이 엽{WJ}니{WJ}다" in html  # written in the hours template
    assert f"상{WJ}점{WJ}가{WJ}의 범{WJ}위" in html  # the street's name, then the template's 의
    assert f'data-street="{street.profile.name}"' in html  # attributes as written
