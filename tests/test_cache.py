"""The content cache hands files to the build by hard link, and a build leaves the GC as it found it."""
from __future__ import annotations

import gc
from datetime import date

import pytest

from conftest import make_workspace
from streetkit import yamlsource
from streetkit.build import Builder
from streetkit.cache import cache_dir, cached_file, place
from streetkit.errors import StreetkitError
from streetkit.gcpolicy import THRESHOLD, FewerCollections
from streetkit.workspace import Workspace


def test_cached_file_is_made_once_and_placed_by_link(tmp_path, monkeypatch):
    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    made = []
    first = cached_file("test", "k", lambda: made.append(1) or b"bytes")
    again = cached_file("test", "k", lambda: made.append(1) or b"other")
    assert first == again and first.read_bytes() == b"bytes" and made == [1]
    assert first.is_relative_to(cache_dir())
    place(first, tmp_path / "out.bin")
    assert (tmp_path / "out.bin").stat().st_ino == first.stat().st_ino  # linked, not copied
    user_file = tmp_path / "mine.txt"
    user_file.write_text("x")
    place(user_file, tmp_path / "copy.txt")  # never link a user's own file into the output
    assert (tmp_path / "copy.txt").stat().st_ino != user_file.stat().st_ino


def test_a_read_only_cache_gives_the_bytes(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("STREETKIT_CACHE", str(blocker / "cache"))
    assert cached_file("test", "k", lambda: b"bytes") == b"bytes"


def test_share_cards_are_linked_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    folder = make_workspace(tmp_path / "ws")
    result = Builder(Workspace.open(tmp_path / "ws"), out_root=tmp_path / "out", only={"site"},
                     today=date(2026, 1, 1)).build(folder)
    card = result.out_dir / "site/social/street.jpg"
    cached = {p.stat().st_ino for p in (tmp_path / "cache" / "social").rglob("*") if p.is_file()}
    assert card.read_bytes()[:2] == b"\xff\xd8" and card.stat().st_ino in cached


@pytest.mark.parametrize("fails", [False, True])
def test_a_build_restores_the_gc_thresholds(tmp_path, fails):
    folder = make_workspace(tmp_path / "ws")
    if fails:
        (folder / "street.yaml").write_text("name: [", "utf-8")
    before = gc.get_threshold()
    builder = Builder(Workspace.open(tmp_path / "ws"), out_root=tmp_path / "out", only={"site"}, today=date(2026, 1, 1))
    if fails:
        with pytest.raises(StreetkitError):
            builder.build(folder)
    else:
        builder.build(folder)
    assert gc.get_threshold() == before


def test_fewer_collections_raises_then_restores():
    before = gc.get_threshold()
    with FewerCollections() as policy:
        assert gc.get_threshold()[0] == max(THRESHOLD, before[0])
        policy.restore()
        assert gc.get_threshold() == before
    assert gc.get_threshold() == before


def test_parsed_yaml_comes_from_the_cache_with_its_positions_and_problems(tmp_path, monkeypatch):
    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    text = "name: 골목\nmerchants:\n  - id: a\n    id: b\nopened: 2024-05-01\n" + "# padding\n" * 2_000
    fresh = yamlsource.parse(text, "street.yaml")
    entries = list((tmp_path / "cache" / yamlsource.PARSE_CACHE).rglob("*"))
    assert any(p.is_file() for p in entries)

    def no_parsing(*_args):
        raise AssertionError("parsed again")
    monkeypatch.setattr(yamlsource, "_parse", no_parsing)
    cached, problems = yamlsource.parse(text, "street.yaml")
    assert cached.data == fresh[0].data and cached.data["opened"] == date(2024, 5, 1)
    assert cached.values == fresh[0].values and cached.keys == fresh[0].keys
    assert problems == fresh[1] and "duplicate" in problems[0].message  # the duplicate `id` is still reported
    with pytest.raises(AssertionError):  # another file name is another key (messages name the file)
        yamlsource.parse(text, "other.yaml")


def test_the_studio_s_round_trip_document_comes_from_the_cache_and_saves_the_same(tmp_path, monkeypatch):
    """A profile's text seen before (another copy, the studio started again, an undo) is not parsed
    by ruamel again; the unpickled document keeps every comment and quote, and saves as parsed."""
    from conftest import REPO, copy_street
    from streetkit import profileedit

    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    first, second = (copy_street(REPO / "streets/sinan-alley", tmp_path / name) for name in ("a", "b"))
    text = (first / "street.yaml").read_text("utf-8")
    doc = profileedit.ProfileEditor(first, lambda _text: []).document()
    assert any(p.is_file() for p in (tmp_path / "cache" / profileedit.ROUND_TRIP_CACHE).rglob("*"))

    def no_parsing(*_args):
        raise AssertionError("parsed again")
    monkeypatch.setattr(profileedit.YAML, "load", no_parsing)
    editor = profileedit.ProfileEditor(second, lambda _text: [])
    again = editor.document()
    assert again is not doc and again == doc
    item = editor.item("merchants", "haru-coffee")
    editor.save_item("merchants", "haru-coffee", {**item, "floor": "3층"}, profileedit.digest(item))
    saved = (second / "street.yaml").read_text("utf-8")
    assert saved.count("\n") == text.count("\n") + 1 and "floor: 3층" in saved
    assert [line for line in saved.splitlines() if "floor: 3층" not in line] == text.splitlines()


def test_a_damaged_parse_cache_entry_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(yamlsource, "CACHE_FROM_CHARS", 0)
    yamlsource.parse("a: 1\n", "x.yaml")
    for entry in (tmp_path / "cache" / yamlsource.PARSE_CACHE).rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"not a pickle")
    located, problems = yamlsource.parse("a: 1\n", "x.yaml")
    assert located.data == {"a": 1} and problems == []


def test_small_yaml_files_are_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    assert yamlsource.parse("a: 1\n", "x.yaml")[0].data == {"a": 1}
    assert not (tmp_path / "cache" / yamlsource.PARSE_CACHE).exists()


# -- one key for everything cached: inputs, the producing code, the libraries ---------------------

def test_the_key_follows_the_producing_code(tmp_path, monkeypatch):
    import importlib
    import sys

    from streetkit import cache

    (tmp_path / "encoder_mod.py").write_text("QUALITY = 80\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("encoder_mod")
    first = cache.cache_key(b"photo", "1600", code=[module])
    assert cache.cache_key(b"photo", "1600", code=[module]) == first
    (tmp_path / "encoder_mod.py").write_text("QUALITY = 81\n", "utf-8")  # an encoder setting changed
    cache._source_hash.cache_clear()
    assert cache.cache_key(b"photo", "1600", code=[module]) != first
    assert cache.cache_key(b"photo", "1600", code=["encoder_mod"]) == cache.cache_key(b"photo", "1600", code=[module])
    sys.modules.pop("encoder_mod")


def test_the_key_follows_library_versions(monkeypatch):
    from streetkit import cache

    first = cache.cache_key(b"photo", libraries=["pillow"])
    monkeypatch.setattr(cache, "library_version", lambda name: "999.0" if name == "pillow" else "")
    assert cache.cache_key(b"photo", libraries=["pillow"]) != first


def test_a_new_pillow_makes_the_web_images_again(tmp_path, monkeypatch):
    """The stale-cache bug: a resized photo was keyed by its source and size only, so a new Pillow
    (or a changed quality setting) kept serving the old WebP files."""
    from PIL import Image as PILImage

    from streetkit import cache

    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    folder = make_workspace(tmp_path / "ws")
    (folder / "images").mkdir(exist_ok=True)
    PILImage.new("RGB", (2000, 1200), (200, 120, 40)).save(folder / "images/shop.jpg", quality=90)
    text = (folder / "street.yaml").read_text("utf-8")
    (folder / "street.yaml").write_text(text.replace("    description: 동네", "    photo: images/shop.jpg\n    description: 동네"),
                                        "utf-8")

    def build():
        return Builder(Workspace.open(tmp_path / "ws"), out_root=tmp_path / "out", only={"site"},
                       today=date(2026, 1, 1)).build(folder).out_dir / "site/images/shop.jpg"
    first = build().stat().st_ino
    assert build().stat().st_ino == first  # nothing changed: reused
    from streetkit import fingerprint

    # Another package upgraded: the build is no longer up to date, but the photo's key is unchanged.
    installed = fingerprint.package_versions()
    monkeypatch.setattr(fingerprint, "package_versions", lambda: (*installed, "other-2.0.dist-info"))
    assert build().stat().st_ino == first
    # A new Pillow (its metadata folder renamed too): whether the photo is made again is its key's to say.
    monkeypatch.setattr(fingerprint, "package_versions", lambda: (*installed, "pillow-999.0.dist-info"))
    real = cache.library_version
    monkeypatch.setattr(cache, "library_version", lambda name: "999.0" if name == "pillow" else real(name))
    assert build().stat().st_ino != first  # made again with the "new" Pillow


def test_cache_info_clear_and_pruning_least_recently_used(tmp_path, monkeypatch):
    import os
    import re
    import time

    from conftest import run_cli
    from streetkit import cache

    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    for i in range(10):
        cache.cache_put("old" if i < 5 else "new", f"k{i}", b"x" * 1000)
    stale = time.time() - 3600
    for path in (tmp_path / "cache/old").rglob("*"):
        if path.is_file():
            os.utime(path, (stale, stale))
    assert cache.cache_get("old", "k0") == b"x" * 1000  # used now: it is recent again
    assert cache.info().entries == {"new": (5, 5000), "old": (5, 5000)}
    freed = cache.prune(limit=6000)  # over the cap: down to 90 % (5,400 bytes), least recently used first
    assert freed == 5000 and cache.cache_get("old", "k0") is not None and cache.cache_get("old", "k1") is None
    assert cache.info().entries == {"new": (4, 4000), "old": (1, 1000)}
    env = {"STREETKIT_CACHE": str(tmp_path / "cache")}
    shown = run_cli("cache", "info", env=env)
    assert shown.returncode == 0 and re.search(r"new +4 files +4\.0 kB", shown.stdout), shown.stdout
    cleared = run_cli("cache", "clear", "new", env=env)
    assert cleared.returncode == 0 and "4.0 kB freed" in cleared.stdout
    assert cache.info().entries == {"old": (1, 1000)}


def test_using_an_entry_leaves_the_output_linked_to_it_as_it_was(tmp_path, monkeypatch):
    """An output hard-linked from the cache shares the entry's times: using the entry again (any
    build of any street) marks it used by its access time, never moving the output's modification
    time (rsync, Last-Modified and the up-to-date test's stamps would see a change)."""
    import os
    import time

    from streetkit import cache

    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    entry = cache.cached_file("social", "card", lambda: b"jpeg bytes")
    assert not isinstance(entry, bytes)  # the cache file itself
    cache.place(entry, tmp_path / "card.jpg")
    assert (tmp_path / "card.jpg").stat().st_ino == entry.stat().st_ino  # linked, not copied
    an_hour_ago = time.time() - 3600
    os.utime(entry, (an_hour_ago, an_hour_ago))
    stamp = (tmp_path / "card.jpg").stat().st_mtime_ns
    assert cache.cached_file("social", "card", lambda: b"never made") == entry
    assert cache.cache_get("social", "card") == b"jpeg bytes"
    assert (tmp_path / "card.jpg").stat().st_mtime_ns == stamp
    assert entry.stat().st_atime > time.time() - 60  # and the entry counts as just used
    assert cache._entries(tmp_path / "cache")[0][0] > time.time() - 60


def test_builds_look_over_the_cache_at_most_once_an_hour(tmp_path, monkeypatch):
    """Adding up a big cache walks every entry (1.3 s for 24,000: longer than an up-to-date build),
    so a build does it when the last look is an hour old."""
    import os
    import time

    from streetkit import cache

    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "max_bytes", lambda: 6000)
    for i in range(10):
        cache.cache_put("n", f"k{i}", b"x" * 1000)
    assert cache.prune_when_due() == 5000  # never looked at: over the cap, down to 90 % of it
    for i in range(10, 15):
        cache.cache_put("n", f"k{i}", b"x" * 1000)
    walked: list = []
    real = cache._entries
    monkeypatch.setattr(cache, "_entries", lambda folder: walked.append(folder) or real(folder))
    assert cache.prune_when_due() == 0 and not walked  # looked at a moment ago
    assert cache.info().entries == {"n": (10, 10_000)}  # (the stamp is not an entry)
    an_hour_ago = time.time() - cache.PRUNE_EVERY_S - 1
    os.utime(tmp_path / "cache" / cache.PRUNED_STAMP, (an_hour_ago, an_hour_ago))
    assert cache.prune_when_due() == 5000
