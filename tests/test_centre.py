"""The support centre (centre plugin): its page, its place on the map, its spaces and its classes."""
from __future__ import annotations

import icalendar
import pytest


@pytest.mark.parametrize("slug", ["sinan-alley", "jinju-bidan-market"])
def test_the_centre_page_lists_its_spaces_to_book_and_its_classes(built, slug):
    result = built[slug]
    street = result.street
    centre = street.section("centre")
    hosted = [e for e in street.profile.events if e.kind == "workshop" and e.host == centre.name]
    assert hosted, "the example has classes at the centre"
    for lang, prefix in (("ko", ""), ("en", "en/")):
        page = (result.out_dir / "site" / prefix / "centre/index.html").read_text("utf-8")
        assert (centre.name if lang == "ko" else centre.name_en) in page
        assert f'href="{centre.phone and "tel:"}' in page or centre.phone is None
        for space in centre.spaces:
            assert f'href="{space.booking}"' in page and (space.name if lang == "ko" else space.name_en) in page
        for e in hosted:  # each class: its page, the places and where to sign up
            assert f'events/{e.id}/' in page and f'href="{e.apply_url}"' in page
            assert (f"정원 {e.capacity}명" if lang == "ko" else f"{e.capacity} places") in page
        assert 'href="../centre/classes.ics"' in page or 'href="../../centre/classes.ics"' in page
    home = (result.out_dir / "site/index.html").read_text("utf-8")
    assert 'href="centre/"' in home  # in the navigation


def test_the_classes_feed_has_capacity_and_the_sign_up_link(built):
    result = built["sinan-alley"]
    centre = result.street.section("centre")
    cal = icalendar.Calendar.from_ical((result.out_dir / "site/centre/classes.ics").read_bytes())
    events = {str(v["UID"]).split("@")[0]: v for v in cal.walk("VEVENT")}
    hosted = [e for e in result.street.profile.events if e.kind == "workshop" and e.host == centre.name]
    assert set(events) == {f"class-{e.id}" for e in hosted}
    for e in hosted:
        v = events[f"class-{e.id}"]
        assert v.decoded("DTSTART").replace(tzinfo=None) == e.start
        assert f"정원 {e.capacity}명" in str(v["DESCRIPTION"]) and str(v["URL"]) == str(e.apply_url)
        assert centre.address in str(v["LOCATION"])


def test_the_centre_is_on_the_map_and_the_assistant_knows_it(built):
    import json

    result = built["jinju-bidan-market"]
    centre = result.street.section("centre")
    assert centre.name in (result.out_dir / "site/map/index.html").read_text("utf-8")
    index = json.loads((result.out_dir / "site/assistant/index.json").read_text("utf-8"))
    assert {"n": centre.name, "ne": centre.name_en, "k": "centre", "u": "centre/"} in index["places"]
