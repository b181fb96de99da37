"""`{% cache %}`: render a fragment once per build for all pages that show it the same way.

A site repeats its chrome — masthead, footer, a plugin's widget — on every page, and a template
spends much of each page's time redrawing it. Like Django's `{% cache %}` tag, a theme marks such
a fragment; streetkit renders it once per *language and folder depth* (relative links differ only
by depth) and any values named after the tag, and pastes the same markup everywhere else:

    {% cache "masthead" %} … {% endcache %}
    {% cache "card", merchant.id %} … {% endcache %}

The cache lives on the Jinja environment, which is made afresh for every build, so a fragment can
depend on anything that stays the same for the whole street during one build (the profile, the
theme, plugin options) — but not on the page itself beyond its language and depth, unless that is
in the key.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context
from markupsafe import Markup


class FragmentCache(Extension):
    """The `{% cache name[, value …] %} … {% endcache %}` tag."""

    tags = {"cache"}

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        environment.extend(fragment_cache={})

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method("_fragment", [nodes.ContextReference(), nodes.List(key)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, context: Context, key: list[Any], caller: Callable[[], str]) -> Markup:
        page = context.get("page_path") or ""
        full = (*key, context.get("lang"), page.count("/"))
        store = self.environment.fragment_cache  # type: ignore[attr-defined]
        if full not in store:
            store[full] = Markup(caller())
        fragment: Markup = store[full]
        return fragment
