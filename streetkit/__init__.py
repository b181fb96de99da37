"""streetkit: one YAML profile per shopping street → website, print-ready PDFs and brand assets.

This module is the public API for plugins: import from here, not from submodules.
"""
from __future__ import annotations

import pluggy

from . import charts, ical
from .artifacts import Archive, Artifact, Asset, Chapter, Document, Finding, Image, Page, WordDocument
from .cache import cache_key, cached_bytes, cached_file
from .categories import CATEGORIES, Category, trade_of
from .concepts import CONCEPTS, Concept
from .concepts import proposals as brand_proposals
from .documents import plain_text, render_markdown
from .errors import PluginError, Problem, ProfileError, StreetkitError
from .fonts import cut_font, find_font, harfbuzz_font
from .i18n import N_, _
from .images import scaled_size as image_size
from .korean import WEEKDAY_KO, WEEKDAYS, about_won, edate, format_phone, josa, kdate
from .models import ImageFile, LatLng, MerchantRef, Phone, Section, StreetFile, Url
from .peers import PeerShare, compare_peers
from .profileedit import plain as from_node
from .profileedit import to_node
from .safepath import PathEscape
from .safepath import read_bytes as read_inside
from .street import Badge, Link, NavItem, Place, Street
from .svgclean import UnsafeSvg
from .tokens import contrast
from .urls import campaign_url, lang_prefix, site_path
from .workspace import load, profile_editor, render_artifact

__version__ = "0.1.0"

#: Decorate a plugin's hook implementations with this.
hookimpl = pluggy.HookimplMarker("streetkit")
#: Declare a hook of your own plugin with this (in a class named by the plugin's `HOOKSPECS`), for
#: other plugins to implement; call it with `street.call_hook(name, ...)`.
hookspec = pluggy.HookspecMarker("streetkit")

__all__ = [
    # hooks and what they return
    "hookimpl", "hookspec", "Artifact", "Page", "Document", "WordDocument", "Asset", "Image", "Archive", "Chapter", "Finding",
    # the loaded street and profile sections
    "Street", "Badge", "Link", "NavItem", "Place", "Section", "StreetFile", "ImageFile", "MerchantRef", "LatLng", "Phone", "Url",
    "CATEGORIES", "Category", "trade_of", "WEEKDAYS", "WEEKDAY_KO", "format_phone", "kdate", "edate",
    "profile_editor", "render_artifact", "to_node", "from_node",
    # errors
    "StreetkitError", "PluginError", "ProfileError", "Problem", "PathEscape", "UnsafeSvg",
    # helpers for plugins
    "cache_key", "cached_bytes", "cached_file", "charts", "contrast", "ical", "load", "cut_font", "find_font", "image_size",
    "harfbuzz_font", "plain_text", "render_markdown", "read_inside", "campaign_url", "lang_prefix", "site_path", "_", "N_",
    "compare_peers", "PeerShare", "about_won", "josa", "CONCEPTS", "Concept", "brand_proposals",
    "__version__",
]
