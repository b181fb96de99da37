"""The district portal: built from the streets' build records, checked as a street's site is
(valid HTML, no axe violations, no broken links), with every street's merchants and events, links
into each street's site that lead to its pages, incremental across streets, and assembled from
shards exactly as on one machine."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from conftest import DISTRICT, REPO, TODAY, _Links, axe_context, axe_violations, missing_links, nu_errors, run_cli, serve
from streetkit import record
from streetkit.build import Builder
from streetkit.district import load_district

SMALL = ("munheung-haetsal", "ilgok-maeul")


@pytest.fixture(scope="module")
def portal(built, workspace):
    """The example district: Sinan from the session's build, the two small Buk-gu streets built
    beside it, and the portal assembled from the three records."""
    out_root = next(iter(built.values())).out_dir.parent
    builder = Builder(workspace, out_root=out_root, today=TODAY, only={"site"})
    for slug in SMALL:
        builder.build(REPO / "streets" / slug)
    district = load_district(DISTRICT, workspace.host)
    result = builder.build_portal(district)
    builder.close()
    streets = {}
    for folder in district.street_dirs:
        summary = next(data["street"] for d in out_root.iterdir() if (data := record.read(d)) and
                       data.get("street", {}).get("folder") == f"streets/{folder.name}")
        streets[summary["profile"]["slug"]] = summary
    return result.out_dir / "site", out_root, streets


def _local(url: str, streets: dict, out_root: Path) -> Path | None:
    """The file a link into a street's site leads to in its build, or None for another host."""
    for slug, summary in streets.items():
        base = summary["profile"]["base_url"].rstrip("/")
        if url.startswith(base + "/"):
            path = url[len(base) + 1:].split("#")[0]
            target = out_root / slug / "site" / path
            return target / "index.html" if path.endswith("/") or not path else target
    return None


def _links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text("utf-8"))
    return parser.links


def test_every_streets_merchants_are_in_the_directory_grouped_by_street(portal):
    site, out_root, streets = portal
    for lang in ("", "en/"):
        html = (site / lang / "merchants" / "index.html").read_text("utf-8")
        sections = re.split(r'<section id="s-', html)[1:]
        assert [s.split('"', 1)[0] for s in sections] == list(streets)
        for section, (slug, summary) in zip(sections, streets.items()):
            hrefs = set(re.findall(r'<a href="([^"]+)">\s*<span class="chip">', section))
            base = summary["profile"]["base_url"].rstrip("/") + ("/en" if lang else "")
            assert hrefs == {f"{base}/merchants/{m['id']}/" for m in summary["merchants"]}, slug
    assert sum(len(s["merchants"]) for s in streets.values()) == \
        (site / "merchants" / "index.html").read_text("utf-8").count('<li class="card"') >= 72


def test_links_into_each_street_lead_to_its_pages_and_no_portal_link_is_broken(portal):
    site, out_root, streets = portal
    assert not missing_links(site)
    into = 0
    for page in site.rglob("*.html"):
        for link in _links(page):
            target = _local(link, streets, out_root)
            if target is not None:
                into += 1
                assert target.is_file(), f"{page.relative_to(site)}: {link}"
    assert into > 2 * 72  # every merchant in both languages, the cards, the map, the events


def test_the_merged_calendar_holds_every_streets_events(portal):
    site, out_root, streets = portal
    ics = (site / "events.ics").read_text("utf-8")
    for summary in streets.values():
        host = urlparse(summary["profile"]["base_url"]).hostname
        for e in summary["events"]:
            assert f"UID:{e['id']}@{host}" in ics
    assert ics.count("BEGIN:VEVENT") == sum(len(s["events"]) for s in streets.values())
    page = (site / "events" / "index.html").read_text("utf-8")
    listed = re.findall(r'data-street="([^"]+)"><a href="([^"]+)"', page)
    for slug, summary in streets.items():
        upcoming = [e for e in summary["events"] if e.get("repeat") or (e.get("end") or e["start"])[:10] >= TODAY.isoformat()]
        assert {href for s, href in listed if s == slug} == \
            {f"{summary['profile']['base_url'].rstrip('/')}/events/{e['id']}/" for e in upcoming}, slug
    assert 'href="../events.ics"' in page and 'name="street" value="munheung-haetsal"' in page
    for summary in streets.values():  # and each street's own calendar, as the events plugin kept it
        assert f'href="{summary["profile"]["base_url"]}events.ics"' in page


def test_the_districts_programmes_currency_and_centre_pages(portal):
    site, _out_root, _streets = portal
    district = yaml.safe_load(DISTRICT.read_text("utf-8"))
    programmes = (site / "programmes" / "index.html").read_text("utf-8")
    archive = (site / "programmes" / "archive" / "index.html").read_text("utf-8")
    for p in district["shared"]["programmes"]:
        assert p["title"] in programmes + archive
    # Sinan's own words for a programme stay on Sinan's site
    assert "모퉁이 공방에서 신청서" not in programmes
    assert "북구사랑상품권" in (site / "local-currency" / "index.html").read_text("utf-8")
    assert "광주북부 소상공인지원센터" in (site / "centre" / "index.html").read_text("utf-8")
    home = (site / "index.html").read_text("utf-8")
    assert "광주 북구청 일자리경제과" in home and 'href="programmes/"' in home


def test_the_map_numbers_and_links_every_street(portal):
    site, _out_root, streets = portal
    home = (site / "index.html").read_text("utf-8")
    svg = re.search(r'<svg class="street-map district-map".*?</svg>', home, re.S)[0]
    for n, summary in enumerate(streets.values(), 1):
        url, dong = summary["profile"]["base_url"], summary["profile"]["region"]["dong"]
        # named as it reads: number, short name, 동
        assert f'<a href="{url}" aria-label="{n} {summary["brand"]["short"][0]} {dong}">' in svg
    assert "km</text>" in svg  # the scale bar


def test_the_comparison_report_and_its_figures(portal):
    """The consultant's comparison: a PDF with a table, small multiples, the mix and a page per
    street, and the same figures as CSV, worked out from the records (checked here by hand)."""
    site, _out_root, streets = portal
    print_dir = site.parent / "print"
    rows = list(csv.DictReader(io.StringIO((print_dir / "comparison.csv").read_text("utf-8-sig"))))
    assert [r["골목"] for r in rows] == [s["profile"]["name"] for s in streets.values()]
    for row, summary in zip(rows, streets.values()):
        merchants = summary["merchants"]
        assert int(row["점포 수 (곳)"]) == len(merchants)
        local = sum(1 for m in merchants if any(b["key"] == "local" for b in summary["badges"].get(m["id"], [])))
        assert float(row["지역화폐 가맹 (%)"]) == pytest.approx(100 * local / len(merchants), abs=0.05)
        english = sum(1 for m in merchants if m.get("name_en"))
        assert float(row["영어 상호 (%)"]) == pytest.approx(100 * english / len(merchants), abs=0.05)
        assert sum(int(row[f"{c} (곳)"]) for c in ("음식", "소매", "수리·개인", "교육", "보건의료")) <= len(merchants)
    # Sinan's vacancy comes from its consulting section (6 of 52 units), the others have none
    assert [r["공실률 (%)"] for r in rows] == ["11.5", "", ""] and rows[0]["공실률 순위"] == "1"
    # ranks: the highest share is 1st
    best = max(rows, key=lambda r: float(r["제로페이 가맹 (%)"]))
    assert best["제로페이 가맹 순위"] == "1"
    pdf = print_dir / "comparison.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert "북구 골목상권 골목 비교" in pages[0] and "지표별 비교" in pages[1] and "업종 구성" in pages[2]
    for page, summary in zip(pages[3:], streets.values()):
        assert summary["profile"]["name"] in page and "3곳 중" in page
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+6\b", info)


def test_the_portal_and_the_small_streets_are_valid_html(portal):
    site, out_root, _streets = portal
    sites = [str(site)] + [str(out_root / slug / "site") for slug in SMALL]
    assert not nu_errors(*sites)


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("which", ["portal", *SMALL])
def test_no_accessibility_violations(portal, browser, lang, which):
    """The portal's pages, and the small Buk-gu streets' main pages."""
    site, out_root, _streets = portal
    if which != "portal":
        site = out_root / which / "site"
    paths = ("", "merchants/", "events/", "programmes/", "local-currency/", "centre/") if which == "portal" else \
        ("", "merchants/", "events/", "map/")
    server, base = serve(site)
    context = axe_context(browser)
    page = context.new_page()
    problems = []
    try:
        for path in paths:
            page.goto(base + lang + path)
            problems += [f"{lang}{path}: {found}" for found in axe_violations(page)]
    finally:
        context.close()
        server.shutdown()
    assert not problems, problems


def test_the_directory_filters_across_streets_and_the_calendar_by_street(portal, browser):
    site, _out_root, streets = portal
    server, base = serve(site)
    page = browser.new_page()
    try:
        page.goto(base + "merchants/")
        total = sum(len(s["merchants"]) for s in streets.values())
        assert page.locator(".card:visible").count() == total
        page.check("input[name=category][value=education]")
        education = sum(1 for s in streets.values() for m in s["merchants"] if m["category"] == "education")
        assert 0 < page.locator(".card:visible").count() == education
        page.check("input[name=category][value='']")
        page.check("input[name=badge][value=delivery]")
        delivering = sum(1 for s in streets.values() for badges in s["badges"].values()
                         if any(b["key"] == "delivery" for b in badges))
        assert 0 < page.locator(".card:visible").count() == delivering
        page.uncheck("input[name=badge][value=delivery]")
        page.fill("input[name=q]", "일곡통닭")
        assert page.locator(".card:visible").count() == 1
        assert page.locator("section[id]:visible").count() == 1  # the other streets' sections hide
        page.goto(base + "events/")
        page.check("input[name=street][value=ilgok-maeul]")
        shown = page.locator(".event-list li:visible").all()
        assert shown and all(li.get_attribute("data-street") == "ilgok-maeul" for li in shown)
    finally:
        page.close()
        server.shutdown()


def _small_workspace(root: Path) -> Path:
    """A workspace of the two small Buk-gu streets and a district of them sharing the example
    district's sections; returns its district file."""
    for slug in SMALL:
        shutil.copytree(REPO / "streets" / slug, root / "streets" / slug)
    data = DISTRICT.read_text("utf-8")
    head, shared = data.split("\nstreets:", 1)
    shared = shared[shared.index("\nshared:"):]
    path = root / "districts" / "small" / "district.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(head.replace("slug: buk-gu", "slug: small") + "\nstreets: [streets/*]\n" + shared, "utf-8")
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.xdist_group("cmyk")  # the group of the other long builds: they share a worker
def test_assembled_from_shards_as_on_one_machine_and_incremental_across_streets(tmp_path):
    district = _small_workspace(tmp_path)
    today = TODAY.isoformat()
    # The streets' sites are what a portal reads (their print and brand files are other tests'); a
    # portal is always built whole, its comparison PDF included.
    one = run_cli("build", district, "--only", "site", "--out", "one", "--today", today, "--jobs", "2", cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    assert "portal small:" in one.stdout
    # Two shards on two "machines", their outputs gathered, then the portal assembled from them
    for i in (1, 2):
        shard = run_cli("build", district, "--shard", f"{i}/2", "--only", "site", "--out", f"shard{i}", "--today", today,
                        cwd=tmp_path)
        assert shard.returncode == 0 and "portal" not in shard.stdout, shard.stderr
        for built in (tmp_path / f"shard{i}").iterdir() if (tmp_path / f"shard{i}").exists() else []:
            shutil.copytree(built, tmp_path / "gathered" / built.name)
    assembled = run_cli("district", "assemble", district, "--out", "gathered", "--today", today, cwd=tmp_path)
    assert assembled.returncode == 0, assembled.stderr
    portal_one = _files(tmp_path / "one" / "small" / "site")
    assert _files(tmp_path / "gathered" / "small" / "site") == portal_one
    printed = _files(tmp_path / "one" / "small" / "print")
    assert "comparison.pdf" in printed and _files(tmp_path / "gathered" / "small" / "print") == printed
    # Assembling never builds a street: without a street's build it says so
    shutil.rmtree(tmp_path / "gathered" / "ilgok-maeul")
    missing = run_cli("district", "assemble", district, "--out", "gathered", cwd=tmp_path)
    assert missing.returncode == 1 and "no build of streets/ilgok-maeul" in missing.stderr

    # Editing one street rebuilds that street and the portal; the other street is not rebuilt
    profile = tmp_path / "streets" / "munheung-haetsal" / "street.yaml"
    profile.write_text(profile.read_text("utf-8").replace("name: 초록마트", "name: 초록마트 문흥점"), "utf-8")
    again = run_cli("build", district, "--only", "site", "--out", "one", "--today", today, "--jobs", "2", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert re.search(r"ilgok-maeul: .*all unchanged: up to date", again.stdout)
    assert not re.search(r"munheung-haetsal: .*up to date", again.stdout)
    after = _files(tmp_path / "one" / "small" / "site")
    changed = {p for p in portal_one if after.get(p) != portal_one[p] and not p.endswith(".gz")}
    assert {"merchants/index.html", "en/merchants/index.html"} <= changed
    assert "초록마트 문흥점" in after["merchants/index.html"].decode("utf-8")
    # the pages the shop is not on are the same bytes
    assert not changed & {"programmes/index.html", "local-currency/index.html", "centre/index.html", "events.ics"}
    record_text = json.loads((tmp_path / "one" / "ilgok-maeul" / record.RECORD_NAME).read_text("utf-8"))
    assert record_text["street"]["folder"] == "streets/ilgok-maeul"


def test_a_record_from_elsewhere_is_data(portal, workspace, tmp_path):
    """A shard's output comes from another machine: a forged record cannot put a script address
    in the portal's links, nor have the portal copy a file from outside the street's site."""
    from streetkit.errors import BuildError
    from streetkit.portal import PortalStreet, read_portal
    from streetkit_plugins.site.portal import _photo

    _site, out_root, _streets = portal
    district = load_district(DISTRICT, workspace.host)
    for slug in ("sinan-alley", *SMALL):
        (tmp_path / slug).mkdir()
        shutil.copy(out_root / slug / record.RECORD_NAME, tmp_path / slug)
    path = tmp_path / "ilgok-maeul" / record.RECORD_NAME
    data = json.loads(path.read_text("utf-8"))
    data["street"]["profile"]["base_url"] = "javascript:alert(1)//"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(BuildError, match="ilgok-maeul/.streetkit-record.json: not a street's build record"):
        read_portal(district, tmp_path)
    data = json.loads((out_root / "sinan-alley" / record.RECORD_NAME).read_text("utf-8"))
    entry = PortalStreet(data["street"], out_root / "sinan-alley")
    assert _photo(entry) == data["street"]["plugins"]["site"]["photo"]
    data["street"]["plugins"]["site"]["photo"] = "../../../../../../etc/passwd"
    assert _photo(PortalStreet(data["street"], out_root / "sinan-alley")) is None


def test_a_street_of_the_district_leads_to_the_portal(portal, built):
    site, out_root, _streets = portal
    for slug in ("sinan-alley", *SMALL):
        assert '<a href="https://golmok.bukgu.example.kr/">북구 골목상권의 다른 골목 보기</a>' in \
            (out_root / slug / "site" / "index.html").read_text("utf-8")
        assert '<a href="https://golmok.bukgu.example.kr/en/">More streets of Buk-gu Alley Streets</a>' in \
            (out_root / slug / "site" / "en" / "index.html").read_text("utf-8")
    assert "다른 골목 보기" not in (site / "index.html").read_text("utf-8")  # not the portal itself
    assert "다른 골목 보기" not in (built["jinju-bidan-market"].out_dir / "site" / "index.html").read_text("utf-8")


def test_a_shared_place_far_from_the_street_stays_off_its_map(portal, built):
    """The district's support centre is in Sinan: it is on Sinan's map, not on 문흥 햇살골목's
    (2 km away, it would shrink the street to a corner)."""
    _site, out_root, _streets = portal
    assert "광주북부 소상공인지원센터" not in (out_root / "munheung-haetsal/site/map/index.html").read_text("utf-8")
    assert "광주북부 소상공인지원센터" in (built["sinan-alley"].out_dir / "site/map/index.html").read_text("utf-8")
