"""streetkit: one YAML profile per shopping street → website, print-ready PDFs and brand assets.

This module is the public API for plugins: import from here, not from submodules.
"""
from __future__ import annotations

import pluggy

from .artifacts import Artifact, Asset, Document, Image, Page
from .categories import CATEGORIES, Category
from .cache import cached_bytes
from .documents import plain_text, render_markdown
from .errors import PluginError, Problem, ProfileError, StreetkitError
from .images import scaled_size as image_size
from .models import Section
from .street import Badge, Street

__version__ = "0.1.0"

#: Decorate a plugin's hook implementations with this.
hookimpl = pluggy.HookimplMarker("streetkit")

__all__ = ["Artifact", "Asset", "Badge", "cached_bytes", "CATEGORIES", "Category", "Document", "Image", "Page", "PluginError", "Problem",
           "ProfileError", "Section", "Street", "StreetkitError", "hookimpl", "image_size", "plain_text", "render_markdown",
           "__version__"]
