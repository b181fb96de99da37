"""Visitor counts without cookies (opt-in): a self-hosted or privacy-friendly counter — GoatCounter,
Umami or Plausible — named by its address in the profile. Nothing at all when the section is
absent; a visitor whose browser asks not to be tracked (Do Not Track, Global Privacy Control) is
not counted. The counter's own script is loaded by the visitor's browser from the counter's
address, never fetched by the build.

The printed QR codes carry campaign tags (`utm_campaign=poster-night-market`), which these
counters show as campaigns, so an association can count the scans of each print run
(docs/analytics.md)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import ConfigDict, Field, HttpUrl, model_validator

import streetkit
from streetkit import Asset, Section, Street

#: The plugin in the studio's words.
TITLE = "방문자 수 세기 (쿠키 없이)"
REQUIRES = ("analytics",)
STATIC = Path(__file__).parent / "static"


class Analytics(Section):
    """Section `analytics`: where the visitor counter is."""

    model_config = ConfigDict(title="방문자 수 세기")

    provider: Literal["goatcounter", "umami", "plausible"] = Field(title="서비스", description=(
        "goatcounter, umami or plausible: counters that set no cookies."))
    url: HttpUrl = Field(title="카운터 주소", description=(
        "The counter's address: https://sinan.goatcounter.com, your own Umami (https://stats.example.kr) "
        "or https://plausible.io."))
    site_id: str | None = Field(None, title="사이트 ID", description=(
        "Umami: the website ID it gives you. Plausible: the site's domain as registered there "
        "[default: the host of base_url]. GoatCounter: not needed."))
    script: HttpUrl | None = Field(None, title="스크립트 주소", description=(
        "Where the counter's script is, when not at its usual place (GoatCounter: https://gc.zgo.at/count.js; "
        "Umami: URL/script.js; Plausible: URL/js/script.js)."))

    @model_validator(mode="after")
    def _umami_needs_its_id(self) -> Analytics:
        if self.provider == "umami" and not self.site_id:
            raise ValueError("Umami needs site_id: the website ID Umami shows for this site")
        return self


@streetkit.hookimpl
def config_schema():
    return {"analytics": Analytics}


def counter_script(settings: Analytics, site_host: str) -> tuple[str, dict[str, str]]:
    """The counter's script address and the attributes its script tag needs, per provider."""
    base = str(settings.url).rstrip("/")
    if settings.provider == "goatcounter":
        return str(settings.script or "https://gc.zgo.at/count.js"), {"data-goatcounter": f"{base}/count"}
    if settings.provider == "umami":
        return str(settings.script or f"{base}/script.js"), {"data-website-id": settings.site_id or ""}
    return str(settings.script or f"{base}/js/script.js"), {"data-domain": settings.site_id or site_host}


@streetkit.hookimpl
def template_slots():
    return {"head": ["site/_analytics.html"]}


@streetkit.hookimpl
def jinja_environment(env, street: Street, output):
    if output != "site":
        return
    settings = street.section("analytics")
    src, attrs = counter_script(settings, urlparse(street.profile.base_url).hostname or "")
    env.globals["analytics_counter"] = {"src": src, "attrs": json.dumps(attrs, separators=(",", ":"))}


@streetkit.hookimpl
def artifacts(street: Street):
    return [Asset(path="site/analytics.js", source=STATIC / "analytics.js")]
