"""Between builds the visitor's browser keeps "upcoming" true: an event that has ended moves to the
past (events page) or goes (home page), in Korean time; without JavaScript the build's split stays."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

KST = timezone(timedelta(hours=9))


def _upcoming(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all("[data-upcoming] [data-ends]",
                                     "items => items.map(i => [i.getAttribute('data-ends'), i.querySelector('strong').textContent])")


def test_an_event_that_ended_after_the_build_moves_to_the_past(browser, site_url):
    url = site_url["sinan-alley"] + "events/"
    static = browser.new_context(java_script_enabled=False)
    plain = static.new_page()
    plain.goto(url)
    built = _upcoming(plain)
    assert len(built) >= 2, built
    ends, title = sorted(built)[0]
    later = [t for e, t in built if e > ends]
    context = browser.new_context()
    page = context.new_page()
    # A day after the first upcoming event ends (Korean time), before the next one.
    moment = datetime.fromisoformat(ends).replace(tzinfo=KST) + timedelta(minutes=30)
    page.clock.set_fixed_time(moment)
    page.goto(url)
    page.wait_for_function("document.querySelector('[data-past] li') !== null")
    upcoming_now = [t for _e, t in _upcoming(page)]
    past_now = page.eval_on_selector_all("[data-past] strong", "items => items.map(i => i.textContent)")
    assert title not in upcoming_now and past_now[0] == title
    assert all(t in upcoming_now for t in later)
    # Without JavaScript: exactly what the build wrote.
    plain.goto(url)
    assert [t for _e, t in _upcoming(plain)] == [t for _e, t in built]
    # The home page lists it no more either.
    page.goto(site_url["sinan-alley"])
    page.wait_for_load_state("load")
    assert title not in [t for _e, t in _upcoming(page)]
    context.close()
    static.close()


def _at(browser, moment: datetime, url: str):
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page


def _shown(page, selector: str = "[data-upcoming] li") -> list[str]:
    return page.eval_on_selector_all(selector, "items => items.filter(i => !i.hidden).map("
                                               "i => i.querySelector('time').textContent + ' ' + i.querySelector('strong').textContent)")


def test_a_repeating_event_moves_on_to_its_next_date(browser, site_url):
    # An hour after the 2nd-Saturday market of December ends; January's is skipped (설 준비).
    moment = datetime(2026, 12, 12, 17, 0, tzinfo=KST)
    context, page = _at(browser, moment, site_url["sinan-alley"] + "events/")
    upcoming = _shown(page)
    market = [t for t in upcoming if "모퉁이 골목 장터" in t]
    assert market and market[0].startswith("2027. 2. 13.(토)"), upcoming
    starts = page.eval_on_selector_all("[data-upcoming] li", "items => items.map(i => i.getAttribute('data-starts'))")
    assert starts == sorted(starts)  # put back in date order
    # The market's own page drops the date that has passed from its list of next dates.
    page.goto(site_url["sinan-alley"] + "events/corner-market/")
    page.wait_for_load_state("load")
    dates = page.eval_on_selector_all("[data-upcoming] li:not([hidden]) time", "items => items.map(i => i.textContent)")
    assert dates and dates[0] == "2027. 2. 13.(토)" and "2026. 12. 12.(토)" not in dates
    assert page.locator("[data-moves-on] time").inner_text() == "2027. 2. 13.(토) 11:00"  # its "when" too
    context.close()


def test_the_home_page_brings_up_the_next_events_as_the_first_ones_end(browser, site_url):
    url = site_url["sinan-alley"]
    static = browser.new_context(java_script_enabled=False)
    plain = static.new_page()
    plain.goto(url)
    built = _shown(plain)
    assert len(built) == 3 and plain.eval_on_selector_all("[data-upcoming] li[hidden]", "i => i.length") >= 1
    context, page = _at(browser, datetime(2026, 12, 13, 9, 0, tzinfo=KST), url)
    now = _shown(page)
    assert len(now) == 3 and now != built, (built, now)
    assert not any(t.startswith(("2026. 12. 12.", "2026. 12. 3.")) for t in now)
    context.close()
    static.close()


def test_years_later_nothing_is_upcoming(browser, site_url):
    context, page = _at(browser, datetime(2031, 1, 1, tzinfo=KST), site_url["sinan-alley"] + "events/")
    assert _shown(page) == []  # the monthly market's rule ends in June 2027
    assert page.locator("#no-events").is_visible() and page.locator("#h-past").is_visible()
    context.close()


def _programmes(page) -> dict[str, tuple[str, bool, bool]]:
    """id -> (badge text, badge quiet, calendar button shown)."""
    return {row[0]: tuple(row[1:]) for row in page.eval_on_selector_all(".programme", """items => items.map(i => {
        const badge = i.querySelector('.programme-state .badge'), reminder = i.querySelector('.programme-reminder');
        return [i.id, badge.textContent.trim(), badge.classList.contains('badge-quiet'), !!reminder && !reminder.hidden];
    })""")}


def test_programme_d_days_count_down_in_the_browser(browser, site_url):
    url = site_url["sinan-alley"] + "programmes/"
    static = browser.new_context(java_script_enabled=False)
    plain = static.new_page()
    plain.goto(url)
    built = _programmes(plain)  # as of the build, 2026-11-23
    assert built["smart-store-2027"] == ("마감 D-11", True, True) and built["buk-gu-signboard-2026"][0] == "접수 예정"
    context, page = _at(browser, datetime(2026, 12, 1, 10, 0, tzinfo=KST), url)
    assert _programmes(page)["smart-store-2027"] == ("마감 D-3", False, True)  # 마감 임박: no longer quiet
    page.clock.set_fixed_time(datetime(2026, 12, 4, 23, 0, tzinfo=KST))
    page.reload()
    page.wait_for_load_state("load")
    assert _programmes(page)["smart-store-2027"][0] == "마감 D-DAY"
    page.clock.set_fixed_time(datetime(2026, 12, 7, 9, 0, tzinfo=KST))  # the deadline passed, the sign programme opened
    page.reload()
    page.wait_for_load_state("load")
    now = _programmes(page)
    assert now["smart-store-2027"] == ("마감됨", True, False)  # and no calendar reminder for it
    assert now["buk-gu-signboard-2026"] == ("마감 D-39", True, True)
    assert list(now) == ["buk-gu-signboard-2026", "smart-store-2027"]  # the closed one below the open one
    page.goto(site_url["sinan-alley"] + "en/programmes/")
    page.wait_for_load_state("load")
    assert _programmes(page)["smart-store-2027"][0] == "Closed"
    context.close()
    static.close()
