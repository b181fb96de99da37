"""The consulting report: contents that point at the right pages, bookmarks, metadata, charts with
their numbers, plugin chapters, sections that disappear cleanly without data, PDF/A, data errors."""
from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from conftest import make_workspace, run_cli
from streetkit import charts
from streetkit.build import Builder
from streetkit.tokens import contrast, luminance
from streetkit.workspace import Workspace

MM = 72 / 25.4


def _text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], check=True, capture_output=True).stdout
    return out.decode("utf-8", "replace").replace("\u2060", "")


def _pages(pdf: Path) -> int:
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_toc_page_numbers_point_at_their_headings(built, slug):
    pdf = built[slug].out_dir / "print/report.pdf"
    toc = _text(pdf, 2)
    entries = re.findall(r"^\s*(\d+(?:\.\d+)?)\s+([^\d\s/].*?)[ .]*\s(\d+)\s*$", toc, re.M)
    assert len(entries) >= 7, toc
    for number, title, page in entries:
        body = _text(pdf, int(page))
        # The heading is on that page, with its number, and not on the page before.
        heading = re.compile(rf"^\s*{re.escape(number)}\.?\s+{re.escape(title.strip())}\s*$", re.M)
        assert heading.search(body), (number, title, page)
        assert not heading.search(_text(pdf, int(page) - 1)), (number, title, "also on the previous page")


def test_metadata_bookmarks_and_running_heads(built):
    result = built["sinan-alley"]
    pdf = result.out_dir / "print/report.pdf"
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "ko"
        assert str(doc.docinfo["/Title"]) == "신안 모퉁이길 골목형상점가 상권 활성화 전략 보고서"
        assert str(doc.docinfo["/Author"]) == "김지현 책임연구원 (골목연구소)"
        assert str(doc.docinfo["/CreationDate"]).startswith("D:20261116")  # the report's date: stable bytes
        with doc.open_outline() as outline:
            chapters = [item.title for item in outline.root]
            mix = next(item for item in outline.root if item.title == "3. 점포 구성 분석")
            sections = [child.title for child in mix.children]
    assert chapters == ["1. 요약", "2. 상권 개요", "3. 점포 구성 분석", "4. 상가 변동과 경쟁", "5. 상권 수요: 유동인구·매출·인구",
                        "6. 데이터로 본 추이", "7. 상인 설문 조사", "8. SWOT 분석", "9. 활성화 전략과 실행 계획",
                        "10. 활용할 수 있는 지원사업", "11. 추진 성과 점검", "12. 브랜드 제안", "13. 부록: 점포 목록"]
    # Plugins' sections sit inside the chapter they name, in their order.
    assert sections == ["3.1 결제 수단 수용률", "3.2 배달앱 입점 현황", "3.3 영업시간 분포", "3.4 공실 현황"]
    # Every page after the contents: the street on the left and the current chapter on the right
    # at the top, "page / pages" at the bottom.
    total, chapter = _pages(pdf), ""
    for n in range(3, total + 1):
        lines = [line.strip() for line in _text(pdf, n).splitlines() if line.strip()]
        if found := [c for c in chapters if re.fullmatch(re.escape(c).replace(r"\.\ ", r"\.?\s+"), lines[1])]:
            chapter = found[0].split(". ", 1)[1]
        assert lines[0].startswith("신안 모퉁이길 골목형상점가") and lines[0].endswith(chapter), (n, lines[0])
        assert lines[-1] == f"{n} / {total}", (n, lines[-1])


def test_a4_with_bleed_and_embedded_fonts(built):
    pdf = built["jinju-bidan-market"].out_dir / "print/report.pdf"
    boxes = subprocess.run(["pdfinfo", "-box", "-f", "3", "-l", "3", str(pdf)], capture_output=True, text=True).stdout
    trim = [float(x) for x in re.search(r"Page\s+3 TrimBox:\s+(.*)", boxes)[1].split()]
    assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx((210 * MM, 297 * MM), abs=0.1)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts)
    # Charts are vector drawings, not pictures.
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert images == []


def test_charts_have_captions_and_their_numbers_in_tables(built):
    result = built["sinan-alley"]
    text = _text(result.out_dir / "print/report.pdf")
    figures = re.findall(r"그림 (\d+)\.", text)
    assert figures == [str(n) for n in range(1, len(figures) + 1)] and len(figures) >= 7
    rows = (result.street.root / "data/foot-traffic.csv").read_text("utf-8").splitlines()[1:]
    for row in rows:  # every figure of the CSV is printed in the table under the chart
        month, weekday, weekend = row.split(",")
        assert re.search(rf"{month}\s+{int(weekday):,}\s+{int(weekend):,}", text), row
    assert "2,000명" in text and "주말" in text  # axis ticks in Korean style, series labelled
    # The merchant mix: counts and shares from the profile, against the 구's share in the newest
    # SEMAS snapshot (which replaces the profile's typed-in 48 %).
    food = sum(1 for m in result.street.profile.merchants if m.category == "food")
    share = 100 * food / len(result.street.profile.merchants)
    gu = [r for r in result.street.data["semas_snapshots"][-1].rows if r.sigungu == "북구"]
    gu_share = round(100 * sum(1 for r in gu if r.category == "food") / len(gu), 1)
    assert re.search(rf"음식\s+{food}\s+{share:.1f}%\s+{gu_share:.1f}%\s+{share - gu_share:+.1f}%p", text)


def test_plugin_chapters_use_the_plugins_figures(built):
    result = built["jinju-bidan-market"]
    text = _text(result.out_dir / "print/report.pdf")
    merchants = result.street.profile.merchants
    local = sum(1 for m in merchants if getattr(m, "pay", None) and m.pay.local)
    assert "진주사랑상품권 가맹률" in text and f"{round(100 * local / len(merchants), 1):g}%" in text
    assert "40,000원~100,000원" in text  # commission saved per 1,000,000 won, 6-12 % vs 2 %
    # ... and at the profile's monthly order value (2,500,000 won): per month and per year.
    assert result.street.profile.delivery.monthly_orders == 2_500_000
    flat = re.sub(r"\s+", "", text)
    assert "한달에100,000원~250,000원" in flat and "1년이면1,200,000원~3,000,000원" in flat
    assert "명도 대비 검사" in text and "통과" in text and "미달" not in text  # brand chapter
    assert "위치와 범위" in text  # map chapter section
    # Jinju types no benchmark mix: the 진주시 mix from its SEMAS snapshot is the comparison.
    assert "진주시 전체" in text and "%p" in text


def test_chapters_without_data_are_left_out(tmp_path):
    """A street with no consulting section, data files or plugins still gets a clean report."""
    folder = make_workspace(tmp_path / "ws")
    result = Builder(Workspace.open(tmp_path / "ws"), out_root=tmp_path / "out", only={"print"},
                     today=date(2026, 1, 1)).build(folder)
    pdf = result.out_dir / "print/report.pdf"
    text = _text(pdf)
    for absent in ("SWOT", "활성화 전략", "데이터로 본 추이", "공실", "결제 수단", "배달앱", "제안하는 전략"):
        assert absent not in text, absent
    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
        assert [i.title for i in outline.root][:3] == ["1. 요약", "2. 상권 개요", "3. 점포 구성 분석"]


def test_pdf_a_variant_on_request(tmp_path):
    folder = make_workspace(tmp_path / "ws")
    yaml = folder / "street.yaml"
    yaml.write_text(yaml.read_text("utf-8") + "\nconsulting:\n  author: 홍길동\n  date: 2026-01-05\n"
                    "  pdf_variant: pdf/a-3b\n", "utf-8")
    result = Builder(Workspace.open(tmp_path / "ws"), out_root=tmp_path / "out", only={"print"},
                     today=date(2026, 1, 1)).build(folder)
    with pikepdf.open(result.out_dir / "print/report.pdf") as doc:
        xmp = doc.open_metadata()
        assert xmp.pdfa_status == "3B"
        assert len(doc.Root.OutputIntents) == 1  # an sRGB output intent, as PDF/A requires
    # Other prints stay plain PDF.
    with pikepdf.open(result.out_dir / "print/flyers/street-a5.pdf") as doc:
        assert doc.open_metadata().pdfa_status == ""


@pytest.mark.parametrize("csv_text, message", [
    ("월,방문객\n1월,12a\n", "data/v.csv:2: column '방문객': expected a number, got '12a'"),
    ("월,손님\n1월,3\n", "data/v.csv has no column '방문객' (its columns: 월, 손님)"),
    ("", "data/v.csv is empty"),
])
def test_bad_data_files_are_named_with_line_and_column(tmp_path, csv_text, message):
    folder = make_workspace(tmp_path / "ws")
    (folder / "data").mkdir(exist_ok=True)
    (folder / "data/v.csv").write_text(csv_text, "utf-8")
    yaml = folder / "street.yaml"
    yaml.write_text(yaml.read_text("utf-8") + "\nconsulting:\n  author: 홍길동\n  date: 2026-01-05\n  charts:\n"
                    "    - {file: data/v.csv, title: 방문객, x: 월, y: [방문객]}\n", "utf-8")
    proc = run_cli("validate", folder)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert re.search(r"street\.yaml:\d+:\d+: consulting\.charts\[0\]", proc.stdout + proc.stderr)
    assert message in proc.stdout + proc.stderr


def test_charts_read_in_grey_scale():
    """Series colours differ in lightness, and heat-map cells darken as their value grows."""
    for primary in ("#E4572E", "#1F4E79", "#2E8B57"):
        greys = sorted(luminance(c) for c in charts.series_colors(primary, 3))
        assert all(b - a > 0.08 for a, b in zip(greys, greys[1:])), primary
    svg = str(charts.heatmap(["월"], ["9", "10", "11"], [[0, 5, 10]], color="#B23A1A", title="t"))
    fills = re.findall(r'<rect [^>]*fill="(#[0-9A-F]{6})"', svg)
    assert contrast(fills[0], "#FFFFFF") < contrast(fills[1], "#FFFFFF") < contrast(fills[2], "#FFFFFF")


def test_chart_text_is_escaped():
    svg = str(charts.hbar_chart([("<b>&", 1.0)], color="#000000", title='"x"'))
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg and 'aria-label="&quot;x&quot;"' in svg


def test_a_street_of_hundreds_gets_a_dot_map_and_no_numbered_legend(monkeypatch):
    """Numbered pins and their legend stop being readable on an A4 page past a few hundred shops:
    the report's map then shows dots and points to the appendix (which lists every shop)."""
    import streetkit_plugins.map as street_map
    from streetkit.artifacts import Document

    root = Path(__file__).resolve().parent.parent

    def report_html() -> str:
        builder = Builder(Workspace.open(root), out_root=root / "_unused", only={"print"}, today=date(2026, 11, 23))
        street = builder.load(root / "streets/sinan-alley")
        planned = builder.plan(street)
        report = next(a for a in planned.artifacts if isinstance(a, Document) and a.path == "print/report.pdf")
        return builder.render_html(street, planned, report).replace("\u2060", "")

    numbered = report_html()
    legend = numbered[numbered.index('class="map-legend"'):numbered.index('</div>', numbered.index('class="map-legend"'))]
    mapped = legend.count('<li>')
    assert mapped >= 30 and "번호는 아래 목록과 같습니다" in numbered
    # Four lists read top to bottom, each item with the shop's own number (the appendix's).
    assert legend.count("<ol>") == 4 and "<li><b>1</b> " in legend and f"<li><b>{mapped}</b> " in legend

    monkeypatch.setattr(street_map, "NUMBERED_MAX", mapped - 1)
    dots = report_html()
    figure = dots[dots.index('<figure class="map">'):dots.index("</figure>", dots.index('<figure class="map">'))]
    assert 'class="map-legend"' not in dots and f"점포 {mapped}곳은 부록의 목록에 있습니다" in figure
    assert figure.count('r="6"') == mapped and "<title>" not in figure  # one unlabelled dot per shop


def test_hours_matrix_counts_merchants_open_at_half_past_each_hour():
    from streetkit.models import Hours
    from streetkit_plugins.report import hours_matrix

    class Shop:  # the matrix reads only a merchant's hours
        def __init__(self, **hours):
            self.hours = Hours.model_validate(hours) if hours else None

    shops = [Shop(mon="09:00-18:00", tue="09:00-18:00", **{"break": "12:00-13:00"}),  # 12:30 is the break
             Shop(mon="17:00-02:00"),  # past midnight: open at 17:30 … 01:30
             Shop(mon="10:31-11:29"),  # no half past inside
             Shop(mon="10:30-10:31", sun="22:00-06:00"),
             Shop()]
    labels, matrix, counted = hours_matrix(shops)
    assert counted == 4 and labels[0] == "9" and labels[-1] == "5"  # 09:30 up to 05:30 the next morning
    monday = dict(zip(labels, matrix[0]))
    assert [monday[h] for h in ("9", "10", "11", "12", "13", "16", "17", "18", "0", "1", "2")] == [1, 2, 1, 0, 1, 1, 2, 1, 1, 1, 0]
    assert dict(zip(labels, matrix[1])) == {h: int(h in {"9", "10", "11", "13", "14", "15", "16", "17"}) for h in labels}
    assert matrix[2] == [0] * len(labels)
    sunday = dict(zip(labels, matrix[6]))
    assert [sunday[h] for h in ("21", "22", "23", "0", "5")] == [0, 1, 1, 1, 1]


def test_the_map_legend_fills_its_columns_top_to_bottom():
    from streetkit_plugins.map import legend_columns

    assert legend_columns(list("abcdefghij")) == [list("abc"), list("def"), list("gh"), list("ij")]
    assert legend_columns(["a", "b"]) == [["a"], ["b"]]  # no empty lists


def test_map_legend_appendix_and_site_map_number_each_shop_alike(built):
    """One number per shop on the report's map legend, its appendix and the site's map (#27: the
    legend's #1 was 골목피자 and the appendix's #1 하루커피)."""
    for result in built.values():
        numbers = result.street.merchant_numbers()
        assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
        text = subprocess.run(["pdftotext", "-layout", str(result.out_dir / "print/report.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout.replace("\u2060", "")
        appendix = text[text.index("번호 상호"):]  # the appendix table, from its first header
        legend = text[text.index("번호는 아래 목록과 같습니다"):]
        for m in result.street.profile.merchants[:12]:
            n = numbers[m.id]
            assert re.search(rf"(?m)^\s*{n}\s+{re.escape(m.name[:4])}", appendix), (n, m.name)
            if m.location:
                assert re.search(rf"\b{n} {re.escape(m.name[:4])}", legend), (n, m.name)
        site_map = (result.out_dir / "site/map/index.html").read_text("utf-8")
        for m in result.street.profile.merchants:
            if m.location:
                assert f'<li value="{numbers[m.id]}"><a href="../merchants/{m.id}/">' in site_map
                assert f'aria-label="{numbers[m.id]}. ' in site_map


def test_money_reads_in_eok_and_man():
    """Sums as Korean reports write them (#27: a chart axis read "60,000만원" and "0만원")."""
    from streetkit.korean import money

    assert [money(v, "만원") for v in (60_000, 0, 12_500, 2_500, 100_000)] == [
        "6억 원", "0원", "1억 2,500만 원", "2,500만 원", "10억 원"]
    assert money(9_000) == "9,000원" and money(123_456_789) == "1억 2,345만 원"
    assert charts.number(40_000, "만원") == "4억 원" and charts.number(12_300, "명") == "12,300명"


def test_the_sales_chart_axis_is_in_eok(built):
    text = subprocess.run(["pdftotext", str(built["sinan-alley"].out_dir / "print/report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout.replace("\u2060", "")
    assert "6억 원" in text and "만원" not in text.replace("(만원)", "")


def test_density_is_the_densest_2000_square_metres_as_the_designation_rule_means(built):
    from streetkit_plugins.report import densest_2000m2

    metre = 1 / 111_320  # of latitude
    assert densest_2000m2([(35.0, 127.0)] * 31) == 31  # all in one spot
    # shops every 10 m along an alley: a 2,000 m² circle (radius 25.2 m) holds the shop and two each way
    assert densest_2000m2([(35.0 + i * 10 * metre, 127.0) for i in range(40)]) == 5
    street = built["sinan-alley"].street
    located = [(m.location.lat, m.location.lng) for m in street.profile.merchants if m.location]
    text = re.sub(r"\s+", "", _text(built["sinan-alley"].out_dir / "print/report.pdf").replace("\u2060", ""))
    assert f"가장밀집한2,000㎡에점포{densest_2000m2(located)}곳(지정기준30곳이상)" in text
    assert f"위치가있는점포{len(located)}곳각각을중심으로넓이2,000㎡인원(반지름25m)" in text


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_the_report_and_the_brand_guidelines_are_set_in_the_brand_s_type_only(built, slug):
    """No fallback face (DejaVu, Nanum) sneaks in: the map's labels and numbers included."""
    out = built[slug].out_dir
    for pdf in (out / "print/report.pdf", out / "brand/brand-guidelines.pdf"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        names = {line.split()[0].split("+")[-1] for line in fonts if line.strip()}
        assert names and all(n.startswith("Noto-") for n in names), (pdf.name, names)
