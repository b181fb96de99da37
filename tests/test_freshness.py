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


def test_years_later_only_repeating_events_are_still_upcoming(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2031, 1, 1, tzinfo=KST))
    page.goto(site_url["sinan-alley"] + "events/")
    page.wait_for_load_state("load")
    assert page.eval_on_selector_all("[data-upcoming] [data-ends]", "items => items.length") == 0
    left = page.eval_on_selector_all("[data-upcoming] li", "items => items.length")
    assert left >= 1  # the monthly market: its next date is computed at build time
    assert page.locator("#no-events").is_hidden() and page.locator("#h-past").is_visible()
    context.close()
