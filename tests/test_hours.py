"""Opening hours in the visitor's browser (themes/default/static/hours.js) and in the profile."""
from __future__ import annotations

import pytest

from conftest import REPO
from streetkit.models import Hours

HOURS_JS = (REPO / "themes/default/static/hours.js").read_text("utf-8")


@pytest.fixture
def js(browser):
    page = browser.new_page()
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=HOURS_JS)
    yield page
    page.close()


def _open(js, hours: Hours, **now) -> bool:
    return js.evaluate("([h, t]) => window.streetkitHours.isOpen(h, t)", [hours.minutes(), now])


def test_a_shop_closed_on_the_2nd_and_4th_sunday_is_closed_then_and_open_on_the_others(js):
    h = Hours(sun="10:00-20:00", closed_monthly=[{"weekday": "sun", "nth": [2, 4]}])
    assert _open(js, h, day=6, min=720, week=1, lastWeek=False)
    assert not _open(js, h, day=6, min=720, week=2, lastWeek=False)
    assert _open(js, h, day=6, min=720, week=3, lastWeek=False)
    assert not _open(js, h, day=6, min=720, week=4, lastWeek=False)


def test_the_last_week_of_the_month_and_past_midnight(js):
    h = Hours(sat="18:00-02:00", sun="18:00-02:00", closed_monthly=[{"weekday": "sun", "nth": [-1]}])
    assert not _open(js, h, day=6, min=1200, week=4, lastWeek=True)  # the last Sunday evening: closed
    assert _open(js, h, day=6, min=60, week=4, lastWeek=True)  # but Saturday's night runs on past midnight


def test_the_closure_is_said_in_both_languages():
    h = Hours(closed_monthly=[{"weekday": "sun", "nth": [4, 2]}, {"weekday": "mon", "nth": [-1]}])
    assert [c.label("ko") for c in h.closed_monthly] == ["매월 둘째·넷째 일요일 휴무", "매월 마지막 월요일 휴무"]
    assert h.closed_monthly[0].label("en") == "Closed on the 2nd and 4th Sunday of each month"
