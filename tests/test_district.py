"""The district file: its validation, and the sections its streets inherit and override."""
from __future__ import annotations

import json
import shutil

import jsonschema
import pytest
import yaml

from conftest import DISTRICT, REPO, make_workspace
from streetkit.district import load_district, merge
from streetkit.errors import ProfileError
from streetkit.schema import district_schema
from streetkit.workspace import load

SHARED = """\
shared:
  local_currency:
    currency:
      name: 북구사랑상품권
      name_en: Buk-gu Gift Certificate
      forms: [paper, mobile]
      discount: 10
  programmes:
    - id: sign-grant
      title: 간판 개선 지원
      agency: 북구청
      who: 북구 소상공인
      benefit: 간판 교체 비용의 80%
      opens: 2026-11-01
      closes: 2027-01-15
      apply_at: 북구청 일자리경제과
"""


def district_yaml(streets: str = "[streets/*]", shared: str = SHARED) -> str:
    return ("slug: test-gu\nname: 테스트구 골목상권\nregion: {sido: 광주광역시, sigungu: 북구}\n"
            "base_url: https://golmok.example.kr/\nbrand: {primary: '#1F6F8B'}\n"
            f"streets: {streets}\n{shared}")


@pytest.fixture
def district_ws(tmp_path):
    """A workspace of one scaffold street (local_currency and programmes enabled) and a district."""
    folder = make_workspace(tmp_path)
    profile = folder / "street.yaml"
    text = profile.read_text("utf-8")
    profile.write_text(text.replace("plugins: []", "plugins: [local_currency, programmes]"), "utf-8")
    (tmp_path / "districts" / "test-gu").mkdir(parents=True)
    (tmp_path / "districts" / "test-gu" / "district.yaml").write_text(district_yaml(), "utf-8")
    return folder


def test_a_street_inherits_the_shared_sections(district_ws):
    street = load(district_ws)
    assert street.district is not None and street.district.slug == "test-gu"
    assert street.profile.local_currency.currency.name == "북구사랑상품권"
    assert [p.id for p in street.profile.programmes] == ["sign-grant"]


def test_the_streets_own_values_win_key_by_key_and_item_by_id(district_ws):
    profile = district_ws / "street.yaml"
    profile.write_text(profile.read_text("utf-8") + """
local_currency:
  currency:
    discount: 5
programmes:
  - id: sign-grant
    description: 상인회가 신청서를 함께 씁니다.
  - id: street-own
    title: 골목 자체 지원
    agency: 상인회
    who: 회원
    benefit: 포장재
    opens: 2026-11-01
    closes: 2026-12-31
    apply_at: 상인회 사무실
""", "utf-8")
    street = load(district_ws)
    currency = street.profile.local_currency.currency
    assert (currency.name, currency.discount, currency.forms) == ("북구사랑상품권", 5, ["paper", "mobile"])
    programmes = street.profile.programmes
    assert [p.id for p in programmes] == ["sign-grant", "street-own"]
    assert programmes[0].title == "간판 개선 지원" and programmes[0].description == "상인회가 신청서를 함께 씁니다."


def test_a_street_opts_out_with_null_and_a_plugin_it_does_not_enable_inherits_nothing(district_ws):
    profile = district_ws / "street.yaml"
    profile.write_text(profile.read_text("utf-8") + "\nprogrammes: ~\n", "utf-8")
    assert load(district_ws).profile.programmes is None
    profile.write_text(profile.read_text("utf-8").replace("plugins: [local_currency, programmes]", "plugins: [programmes]")
                       .replace("\nprogrammes: ~\n", "\n"), "utf-8")
    street = load(district_ws)
    assert street.profile.local_currency is None
    assert "local_currency" not in street.enabled_plugins


def test_a_street_of_no_district_is_as_before(district_ws):
    district = district_ws.parent.parent / "districts" / "test-gu" / "district.yaml"
    district.write_text(district_yaml(streets="[streets/other-*]").replace("streets/other-*", "streets/test-street"), "utf-8")
    other = district_ws.parent / "other"
    shutil.copytree(district_ws, other)
    text = (other / "street.yaml").read_text("utf-8").replace("slug: test-street", "slug: other") \
        .replace("plugins: [local_currency, programmes]", "plugins: [programmes]")
    (other / "street.yaml").write_text(text, "utf-8")
    assert load(other).district is None and load(other).profile.programmes is None
    assert load(district_ws).district is not None


def test_district_problems_have_file_line_and_field(district_ws):
    path = district_ws.parent.parent / "districts" / "test-gu" / "district.yaml"
    path.write_text(district_yaml(streets="[streets/*, streets/nowhere, ../outside]",
                                  shared=SHARED.replace("discount: 10", "discount: lots").replace("  programmes:", "  programmez:")),
                    "utf-8")
    with pytest.raises(ProfileError) as caught:
        load(district_ws)  # the street is built from it: its district's problems are the street's
    text = str(caught.value)
    assert "districts/test-gu/district.yaml:6:" in text and "'streets/nowhere' names no street folder" in text
    assert "'../outside' is outside the workspace" in text
    assert "district.yaml:13:17: shared.local_currency.currency.discount:" in text
    assert "unknown key `programmez`: did you mean `programmes`?" in text


def test_a_broken_district_does_not_stop_a_street_it_does_not_name(district_ws):
    path = district_ws.parent.parent / "districts" / "test-gu" / "district.yaml"
    path.write_text(district_yaml(streets="[streets/someone-else]"), "utf-8")  # names no street: broken
    profile = district_ws / "street.yaml"
    profile.write_text(profile.read_text("utf-8").replace("plugins: [local_currency, programmes]", "plugins: [programmes]"))
    assert load(district_ws).district is None


def test_merge_rules():
    assert merge({"a": 1, "b": {"c": 2, "d": 3}}, {"b": {"d": 4}}) == {"a": 1, "b": {"c": 2, "d": 4}}
    assert merge([1, 2], [3]) == [3]
    assert merge({"a": 1}, None) == {"a": 1}
    assert merge([{"id": "x", "v": 1}, {"id": "y", "v": 2}], [{"id": "y", "v": 3}, {"id": "z"}]) == \
        [{"id": "x", "v": 1}, {"id": "y", "v": 3}, {"id": "z"}]


def test_the_example_district(workspace):
    district = load_district(DISTRICT, workspace.host)
    assert [d.name for d in district.street_dirs] == ["sinan-alley", "munheung-haetsal", "ilgok-maeul"]
    sinan = load(REPO / "streets" / "sinan-alley")
    assert sinan.district is not None
    # Sinan keeps its own places to buy the certificate, and adds its help session to a programme
    assert len(sinan.profile.local_currency.currency.places) == 2
    assert sinan.profile.local_currency.currency.discount == 10  # from the district
    smart = next(p for p in sinan.profile.programmes if p.id == "smart-store-2027")
    assert "모퉁이 공방" in smart.description and smart.agency == "소상공인시장진흥공단"
    munheung = load(REPO / "streets" / "munheung-haetsal")
    assert munheung.profile.centre.name == sinan.profile.centre.name == "광주북부 소상공인지원센터"
    assert len(munheung.profile.merchants) >= 12 and len(load(REPO / "streets" / "ilgok-maeul").profile.merchants) >= 12
    assert load(REPO / "streets" / "jinju-bidan-market").district is None


def test_shipped_district_schema_is_up_to_date_and_covers_the_example(workspace):
    shipped = json.loads((REPO / "schema" / "district.schema.json").read_text("utf-8"))
    assert shipped == district_schema(workspace.host), "run: streetkit schema --district -o schema/district.schema.json"
    data = json.loads(json.dumps(yaml.safe_load(DISTRICT.read_text("utf-8")), default=str))
    validator = jsonschema.Draft202012Validator(shipped)
    assert not list(validator.iter_errors(data))
    assert list(validator.iter_errors({**data, "shared": {"nonsense": 1}}))


def test_a_street_added_later_is_found_by_the_districts_pattern(district_ws, workspace):
    path = district_ws.parent.parent / "districts" / "test-gu" / "district.yaml"
    assert [d.name for d in load_district(path, workspace.host).street_dirs] == ["test-street"]
    later = district_ws.parent / "later-street"
    shutil.copytree(district_ws, later)
    (later / "street.yaml").write_text((later / "street.yaml").read_text("utf-8").replace("slug: test-street",
                                                                                          "slug: later-street"), "utf-8")
    # the district file did not change; its pattern now matches a second street
    assert [d.name for d in load_district(path, workspace.host).street_dirs] == ["later-street", "test-street"]
    assert load(later).district is not None


def test_validate_a_district_checks_its_file_and_its_streets(district_ws):
    from conftest import run_cli

    root = district_ws.parent.parent
    ok = run_cli("validate", "districts/test-gu/district.yaml", cwd=root)
    assert ok.returncode == 0, ok.stderr
    assert "ok   districts/test-gu/district.yaml: 1 streets" in ok.stdout and "ok   streets/test-street:" in ok.stdout
    path = root / "districts" / "test-gu" / "district.yaml"
    path.write_text(path.read_text("utf-8").replace("discount: 10", "discount: lots"), "utf-8")
    bad = run_cli("validate", "districts/test-gu/district.yaml", cwd=root)
    assert bad.returncode == 1 and "district.yaml:13:17: shared.local_currency.currency.discount:" in bad.stderr


def test_the_batch_engine_examples_in_scale_md_parse_and_use_real_options():
    """docs/scale.md's GitHub Actions workflow and Kubernetes Jobs: valid YAML, ten shards, the
    shard's index as --shard I/N, the records carried, and command lines our CLI accepts."""
    import re as regex
    import shlex

    from streetkit.buildcli import build
    from streetkit.districtcli import assemble

    text = (REPO / "docs" / "scale.md").read_text("utf-8")
    blocks = regex.findall(r"```yaml\n(.*?)```", text, regex.S)
    workflow = yaml.safe_load(blocks[0])
    shard, gather = workflow["jobs"]["shard"], workflow["jobs"]["assemble"]
    assert shard["strategy"]["matrix"]["shard"] == list(range(1, 11))
    run = next(step["run"] for step in shard["steps"] if "--shard" in step.get("run", ""))
    assert "--shard ${{ matrix.shard }}/10" in run
    assert next(s for s in shard["steps"] if "upload-artifact" in s.get("uses", ""))["with"]["include-hidden-files"]
    assert gather["needs"] == "shard" and any("district assemble" in s.get("run", "") for s in gather["steps"])
    job, assembler = list(yaml.safe_load_all(blocks[1]))
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed" and spec["completions"] == 10
    line = spec["template"]["spec"]["containers"][0]["args"][0].replace("$((JOB_COMPLETION_INDEX + 1))", "3")
    argv = shlex.split(line)
    assert argv[:2] == ["streetkit", "build"]
    build.make_context("build", argv[2:])  # the options are real (a wrong one raises)
    command = assembler["spec"]["template"]["spec"]["containers"][0]["command"]
    assert command[:3] == ["streetkit", "district", "assemble"]
    assemble.make_context("assemble", [str(DISTRICT), *command[4:]])
    # every command the workflow runs is one the CLI accepts
    build.make_context("build", shlex.split(run.split("streetkit ", 1)[1].replace("${{ matrix.shard }}", "2"))[1:])


def test_a_district_file_at_the_workspace_root_reads_its_own_files_not_the_workspace(district_ws, tmp_path):
    """Beside a district file at the root lie the streets, the output and .git: its portal's
    inputs are its own pages (a street counts through its record), so a build of a street that
    changes nothing of it leaves the portal up to date, and a page of its own does not."""
    from streetkit.build import Builder
    from streetkit.workspace import Workspace

    (tmp_path / "districts" / "test-gu" / "district.yaml").rename(tmp_path / "district.yaml")
    (tmp_path / ".git").mkdir()
    ws = Workspace.open(tmp_path)
    builder = Builder(ws, out_root=tmp_path / "_build", only={"site"})
    builder.build(district_ws)
    district = load_district(tmp_path / "district.yaml", ws.host)
    assert not builder.build_portal(district).up_to_date
    (tmp_path / "_build" / "test-street" / "site" / "unrelated.txt").write_text("x", "utf-8")
    (tmp_path / ".git" / "index").write_text("x", "utf-8")
    assert builder.build_portal(district).up_to_date
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "about.md").write_text("---\ntitle: 북구 골목 이야기\n---\n\n본문\n", "utf-8")
    result = builder.build_portal(district)
    builder.close()
    assert not result.up_to_date
    assert "북구 골목 이야기" in (result.out_dir / "site" / "about" / "index.html").read_text("utf-8")


def test_a_portal_output_that_would_replace_the_district_folder_is_refused(district_ws, tmp_path):
    """`--out districts` would put the portal of test-gu in districts/test-gu: the district's own folder."""
    from streetkit.build import Builder
    from streetkit.errors import BuildError
    from streetkit.workspace import Workspace

    ws = Workspace.open(tmp_path)
    Builder(ws, out_root=tmp_path / "districts", only={"site"}).build(district_ws)
    district = load_district(tmp_path / "districts" / "test-gu" / "district.yaml", ws.host)
    with pytest.raises(BuildError, match="would replace the district's folder"):
        Builder(ws, out_root=tmp_path / "districts").build_portal(district)
    assert (tmp_path / "districts" / "test-gu" / "district.yaml").read_text("utf-8") == district_yaml()
