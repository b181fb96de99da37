"""Finding plugins (entry points, workspace files), and calling their hooks per street."""
from __future__ import annotations

import importlib.metadata
import importlib.util
import inspect
import logging
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy
import pydantic_core

from . import hookspecs
from .errors import PluginError, StreetkitError
from .models import attribute_writes

ENTRY_POINT_GROUP = "streetkit.plugins"
log = logging.getLogger("streetkit.plugins")
#: Set STREETKIT_TRACE_PLUGINS=1 to log every hook call with its plugin.
TRACE = bool(os.environ.get("STREETKIT_TRACE_PLUGINS"))


@dataclass
class PluginInfo:
    """What `streetkit plugins` shows about one plugin."""

    name: str
    origin: str  # "built-in", "package <dist>", "workspace <path>"
    version: str
    description: str
    default: bool  # enabled for every street without being listed
    hooks: list[str]
    module: ModuleType


class PluginHost:
    """All discovered plugins, and hook calls restricted to the plugins a street enables."""

    def __init__(self, workspace: Path | None = None, extra: Iterable[tuple[str, ModuleType]] = ()):
        self.pm = pluggy.PluginManager("streetkit")
        self.pm.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        #: The profile the last guarded hook call verified: (profile, fingerprint, touch marks).
        self._verified: tuple[Any, dict[str, bytes], tuple[Any, ...]] | None = None
        self._load_entry_points()
        if workspace is not None:
            self._load_workspace(workspace / "plugins")
        for name, module in extra:
            self.register(module, name, origin="explicit")

    # -- discovery ---------------------------------------------------------------------------
    def register(self, module: ModuleType, name: str, origin: str, version: str = "") -> None:
        """Register a plugin module under `name` (later registrations of a name are ignored)."""
        if name in self.infos:
            log.warning("plugin %s from %s ignored: %s already provides it", name, origin, self.infos[name].origin)
            return
        try:
            self.pm.register(module, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(str(exc), plugin=name, hook="registration") from None
        doc = inspect.getdoc(module) or ""
        self.infos[name] = PluginInfo(
            name=name, origin=origin, version=version or getattr(module, "__version__", ""),
            description=doc.splitlines()[0] if doc else "", default=bool(getattr(module, "ENABLED_BY_DEFAULT", False)),
            hooks=sorted(impl for impl in hookspecs.HOOK_ORDER if hasattr(module, impl)), module=module)

    def _load_entry_points(self) -> None:
        for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = ep.dist
            try:
                module = ep.load()
            except Exception as exc:  # a broken third-party package must not take the CLI down
                raise PluginError(f"could not import {ep.value}: {exc}", plugin=ep.name, hook="import") from exc
            builtin = dist is not None and dist.name == "streetkit"
            origin = "built-in" if builtin else f"package {dist.name if dist else '?'}"
            self.register(module, ep.name, origin, dist.version if dist else "")

    def _load_workspace(self, folder: Path) -> None:
        # A folder with __init__.py is a package (this repo's own plugins/, installed through entry
        # points); a workspace plugins/ folder holds single-file plugins.
        if not folder.is_dir() or (folder / "__init__.py").exists():
            return
        for path in sorted(folder.glob("*.py")):
            if path.name.startswith("_"):
                continue
            modname = f"streetkit_workspace_plugins.{path.stem}"
            spec = importlib.util.spec_from_file_location(modname, path)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            sys.modules[modname] = module
            try:
                spec.loader.exec_module(module)
            except Exception as exc:
                raise PluginError(f"{path}: {type(exc).__name__}: {exc}", plugin=path.stem, hook="import") from exc
            self.register(module, path.stem, origin=f"workspace {path}")

    # -- calling -----------------------------------------------------------------------------
    def sections(self) -> dict[str, tuple[str, Any]]:
        """Profile sections owned by plugins: `{section: (plugin_name, model)}`."""
        owned: dict[str, tuple[str, Any]] = {}
        for name, result in self.each("config_schema", None):
            for section, model in (result or {}).items():
                if section in owned:
                    raise PluginError(f"section {section!r} is already owned by plugin {owned[section][0]}",
                                      plugin=name, hook="config_schema")
                owned[section] = (name, model)
        return owned

    def enabled_for(self, listed: Iterable[str]) -> set[str]:
        """Plugins on for a street: those enabled by default plus those its profile lists."""
        return {n for n, i in self.infos.items() if i.default} | set(listed)

    def pipe(self, hook: str, enabled: set[str] | None, value_arg: str, value: Any, **kwargs: Any) -> Any:
        """Call `hook` plugin by plugin, each receiving the previous one's result as `value_arg`
        (None leaves the value as it was); return the final value. For transforming hooks."""
        caller = getattr(self.pm.hook, hook)
        for impl in reversed(caller.get_hookimpls()):
            if enabled is not None and impl.plugin_name not in enabled:
                continue
            for _name, result in self._call(hook, impl, {**kwargs, value_arg: value}):
                value = result
        return value

    def _call(self, hook: str, impl: Any, kwargs: dict[str, Any]) -> list[tuple[str, Any]]:
        """One implementation, with failures attributed to its plugin."""
        if TRACE:
            log.warning("hook %s -> %s", hook, impl.plugin_name)
        try:
            result = impl.function(*[kwargs[a] for a in impl.argnames])
        except PluginError as exc:
            if exc.plugin:
                raise
            raise PluginError(exc.detail, plugin=impl.plugin_name, hook=hook) from exc
        except StreetkitError:
            raise
        except Exception as exc:
            raise PluginError(f"{type(exc).__name__}: {exc}", plugin=impl.plugin_name, hook=hook) from exc
        return [] if result is None else [(impl.plugin_name, result)]

    def each(self, hook: str, enabled: set[str] | None, *, guard: Any = None, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call `hook` on every enabled plugin, in pluggy's order; return `(plugin, result)` pairs.

        We dispatch ourselves (over pluggy's registered implementations) so that a failure names
        the plugin and the hook, and tracing shows who was called. With `guard` (a profile), a
        plugin that changes any profile section is stopped: plugins derive into `street.data`.
        """
        caller = getattr(self.pm.hook, hook)
        results, ran = [], []
        before = self._fingerprint(guard) if guard is not None else None
        for impl in reversed(caller.get_hookimpls()):  # pluggy calls the last registered first
            if enabled is not None and impl.plugin_name not in enabled:
                continue
            touched = _touch_marks(guard) if before is not None else None
            results += self._call(hook, impl, kwargs)
            ran.append(impl.plugin_name)
            # A full fingerprint costs milliseconds on a big street, too much after every call:
            # only when the plugin assigned a model attribute or reshaped a section's list.
            if before is not None and touched is not None and _touch_marks(guard) != touched \
                    and (changed := changed_sections(before, guard)):
                raise _changed_profile(changed, impl.plugin_name, hook)
        if before is not None:
            # What the marks cannot see (an item added to a list inside a merchant) is still caught,
            # naming every plugin that ran.
            if changed := changed_sections(before, guard):
                raise _changed_profile(changed, " or ".join(ran), hook)
            self._verified = (guard, before, _touch_marks(guard))
        return results

    def _fingerprint(self, profile: Any) -> dict[str, bytes]:
        # The previous hook ended by verifying this profile: unless something has touched it since,
        # its fingerprint still holds.
        if self._verified is not None and self._verified[0] is profile and self._verified[2] == _touch_marks(profile):
            return self._verified[1]
        return profile_digest(profile)


def _changed_profile(changed: list[str], plugin: str, hook: str) -> PluginError:
    return PluginError(f"changed the profile section{'s' if len(changed) > 1 else ''} {', '.join(changed)}; "
                       "plugins must not modify the profile — put derived data in street.data instead",
                       plugin=plugin, hook=hook)


def _touch_marks(profile: Any) -> tuple[Any, ...]:
    """Cheap evidence of a change: attribute assignments so far, and each section's identity
    (and, for lists, their items')."""
    marks: list[Any] = [attribute_writes()]
    for name in type(profile).model_fields:
        value = getattr(profile, name)
        marks.append(id(value))
        if isinstance(value, list):
            marks.append(tuple(map(id, value)))
    return tuple(marks)


def profile_digest(profile: Any) -> dict[str, bytes]:
    """A fingerprint per top-level profile section, to notice modifications."""
    return {name: pydantic_core.to_json(getattr(profile, name), fallback=repr)
            for name in type(profile).model_fields}


def changed_sections(before: dict[str, bytes], profile: Any) -> list[str]:
    """Sections whose fingerprint differs from `before`."""
    after = profile_digest(profile)
    return [name for name in before if after.get(name) != before[name]]
