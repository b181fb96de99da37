"""The fast template-call context gives what Jinja's own context gives, for every kind of callable."""
from __future__ import annotations

import jinja2
import pytest
from jinja2.runtime import Context

from streetkit.render.calls import FastCallContext
from streetkit.render.html import make_environment


@jinja2.pass_context
def page_lang(ctx, suffix=""):
    return ctx.get("lang", "?") + suffix


@jinja2.pass_context
def sees_loop_var(ctx):
    return ctx.get("item", "no item")


@jinja2.pass_environment
def env_name(env):
    return type(env).__name__


@jinja2.pass_eval_context
def autoescaping(eval_ctx):
    return eval_ctx.autoescape


class Shout:
    """A callable object whose __call__ wants the context."""

    @jinja2.pass_context
    def __call__(self, ctx, text):
        return f"{text.upper()} ({ctx['lang']})"


class Badge:
    def __init__(self, name):
        self.name = name

    def label(self, lang):
        return f"{self.name}:{lang}"


def stops():
    raise StopIteration


TEMPLATE = """\
{{ page_lang() }} {{ page_lang(suffix='!') }} {{ env_name() }} {{ autoescaping() }} {{ shout('hi') }}
{{ '-'.join(['a', 'b']) }} {{ badge.label(lang) }} {{ stops() is undefined }} {{ len(items) }}
{% for x in items %}{% set item = x ~ '!' %}[{{ page_lang() }} {{ sees_loop_var() }} {{ badge.label(x) }}]{% endfor %}
{% set item = 'set at top' %}{{ sees_loop_var() }}
{% macro m(x) %}<{{ page_lang() }} {{ x }}>{% endmacro %}{{ m('macro') }}
{% block body %}{% set item = 'in block' %}{{ sees_loop_var() }} {{ badge.label('block') }}{% endblock %}
"""


def _render(context_class: type[Context]) -> str:
    env = jinja2.Environment(autoescape=True)
    env.context_class = context_class
    env.globals.update(page_lang=page_lang, sees_loop_var=sees_loop_var, env_name=env_name, autoescaping=autoescaping,
                       shout=Shout(), stops=stops, len=len)
    return env.from_string(TEMPLATE).render(lang="ko", items=["a", "b"], badge=Badge("zeropay"))


def test_every_kind_of_call_gives_what_jinja_gives():
    ours, jinjas = _render(FastCallContext), _render(Context)
    assert ours == jinjas
    # and the cases are really exercised: variables set in loops and blocks reach pass_context functions, etc.
    assert "[ko a! zeropay:a][ko b! zeropay:b]" in ours and "HI (ko)" in ours and "<ko macro>" in ours
    assert "set at top" in ours and "in block zeropay:block" in ours and "True" in ours


def test_streetkit_environments_use_it():
    env = make_environment([], "site")
    assert env.context_class is FastCallContext


@pytest.mark.parametrize("strict", [True, False])
def test_errors_from_called_functions_still_surface(strict):
    env = jinja2.Environment(undefined=jinja2.StrictUndefined if strict else jinja2.Undefined)
    env.context_class = FastCallContext

    def boom(x):
        raise ValueError(f"bad {x}")
    with pytest.raises(ValueError, match="bad 3"):
        env.from_string("{{ boom(3) }}").render(boom=boom)
