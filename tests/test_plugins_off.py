"""A plugin's pages and assets are linked only when it is on: the example street built with each of
its optional plugins off (and with all of them off) has no address that leads nowhere — no
stylesheet, script, data file or page of the missing plugin is asked for."""
from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from conftest import REPO, TODAY, copy_street, missing_links
from streetkit.build import Builder
from streetkit.loader import ITEM_PREFIXES
from streetkit.workspace import Workspace

SLUG = "sinan-alley"
PROFILE = (REPO / "streets" / SLUG / "street.yaml").read_text("utf-8")
OPTIONAL = list(YAML().load(PROFILE)["plugins"])
#: What each plugin adds to the site, which must be gone with it.
OWN = {"assistant": "assistant", "local_currency": "local-currency", "programmes": "programmes"}


@pytest.mark.parametrize("off", [*OPTIONAL, "all"])
def test_a_street_with_a_plugin_off_links_to_nothing_missing(tmp_path, off):
    assert set(OPTIONAL) >= {"assistant", "local_currency", "delivery", "programmes"}
    root = tmp_path / "ws"
    folder = copy_street(REPO / "streets" / SLUG, root)
    keep = [] if off == "all" else [p for p in OPTIONAL if p != off]
    ws = Workspace.open(root)
    yaml = YAML()
    profile = yaml.load(PROFILE)
    profile["plugins"] = keep
    # What belongs to a plugin that is off goes with it (the profile would be refused, as a typo is):
    # its section, and its fields of merchants and events.
    for section, (owner, _model) in ws.host.sections().items():
        if owner in keep:
            continue
        for prefix, (list_name, _base) in ITEM_PREFIXES.items():
            if section.startswith(prefix):
                for item in profile.get(list_name) or []:
                    item.pop(section[len(prefix):], None)
                break
        else:
            profile.pop(section, None)
    with (folder / "street.yaml").open("w", encoding="utf-8") as out:
        yaml.dump(profile, out)
    result = Builder(ws, out_root=tmp_path / "out", today=TODAY, only={"site"}).build(folder)
    site = result.out_dir / "site"
    assert len(list(site.rglob("*.html"))) > 50
    assert not missing_links(site)
    gone = [OWN[p] for p in OWN if off in (p, "all")]
    for folder_name in gone:
        assert not (site / folder_name).exists()
        assert not any(f"{folder_name}/" in page.read_text("utf-8") for page in site.rglob("*.html")), folder_name
