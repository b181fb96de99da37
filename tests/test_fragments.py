"""`{% cache %}`: a fragment is drawn once per language, folder depth and key — and only then."""
from __future__ import annotations

import jinja2
import pytest

from streetkit.render.html import make_environment

TEMPLATE = ('{% cache "nav", extra %}<a href="{{ url("merchants/") }}">{{ label[lang] }}</a> #{{ draw() }}'
            '{% endcache %}|{{ page_path }}')


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("STREETKIT_CACHE", str(tmp_path / "cache"))
    env = make_environment([tmp_path], "site")
    env.loader = jinja2.DictLoader({"t.html": TEMPLATE})
    draws = []
    env.globals.update(draw=lambda: draws.append(1) or len(draws), label={"ko": "가게", "en": "Shops"})
    return env


def render(env, page_path, lang="ko", extra=""):
    return env.get_template("t.html").render(page_path=page_path, lang=lang, extra=extra)


def test_a_fragment_is_drawn_once_per_language_and_depth(env):
    assert render(env, "merchants/a/index.html") == '<a href="../../merchants/">가게</a> #1|merchants/a/index.html'
    # Same language and depth: the same markup, not drawn again; the rest of the page is its own.
    assert render(env, "events/b/index.html") == '<a href="../../merchants/">가게</a> #1|events/b/index.html'
    # Another depth: relative links differ, so it is drawn again.
    assert render(env, "index.html") == '<a href="merchants/">가게</a> #2|index.html'
    # Another language, and another key value.
    assert render(env, "index.html", lang="en") == '<a href="merchants/">Shops</a> #3|index.html'
    assert render(env, "index.html", extra="x") == '<a href="merchants/">가게</a> #4|index.html'


def test_each_build_starts_with_an_empty_fragment_cache(env, tmp_path):
    render(env, "index.html")
    fresh = make_environment([tmp_path], "site")
    assert fresh.fragment_cache == {} and env.fragment_cache


def test_cached_fragments_stay_escaped(env):
    env.loader = jinja2.DictLoader({"t.html": '{% cache "x" %}{{ text }}{% endcache %}'})
    html = env.get_template("t.html").render(page_path="index.html", lang="ko", text="<b>&")
    assert html == "&lt;b&gt;&amp;"
