"""Finding plugins (entry points, workspace files), and calling their hooks per street."""
from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import inspect
import logging
import os
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy
import pydantic_core

from . import hookspecs
from .errors import PluginError, StreetkitError
from .i18n import _
from .models import attribute_writes

ENTRY_POINT_GROUP = "streetkit.plugins"
log = logging.getLogger("streetkit.plugins")
#: STREETKIT_TRACE=1 prints every hook call with its plugin and time (STREETKIT_TRACE_PLUGINS, its
#: older name, too).
TRACE = bool(os.environ.get("STREETKIT_TRACE") or os.environ.get("STREETKIT_TRACE_PLUGINS"))


@dataclass
class _Call:
    """One hook call in progress: the profile it guards, and what each implementation returned."""

    hook: str
    guard: Any = None
    before: dict[str, bytes] | None = None
    results: list[tuple[str, Any]] = field(default_factory=list)


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
    #: What the plugin does, in a few Korean words, for the studio (module attribute `TITLE`).
    title: str = ""


class PluginHost:
    """All discovered plugins, and hook calls restricted to the plugins a street enables."""

    def __init__(self, workspace: Path | None = None, extra: Iterable[tuple[str, ModuleType]] = ()):
        self.pm = pluggy.PluginManager("streetkit")
        self.pm.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        #: pluggy's hook callers restricted to the plugins a street enables, by (hook, enabled).
        self._subsets: dict[tuple[str, frozenset[str] | None], Any] = {}
        self._local = threading.local()  # the stack of hook calls in progress
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
            if (own := getattr(module, "HOOKSPECS", None)) is not None:
                self.pm.add_hookspecs(own)  # hooks this plugin defines for others (the report's sections)
            self.pm.register(self._as_registered(module, name), name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(str(exc), plugin=name, hook="registration") from None
        self._subsets.clear()
        doc = inspect.getdoc(module) or ""
        self.infos[name] = PluginInfo(
            name=name, origin=origin, version=version or getattr(module, "__version__", ""),
            description=doc.splitlines()[0] if doc else "", default=bool(getattr(module, "ENABLED_BY_DEFAULT", False)),
            hooks=sorted(impl for impl in hookspecs.HOOK_ORDER if hasattr(module, impl)), module=module,
            title=str(getattr(module, "TITLE", "")))

    def _load_entry_points(self) -> None:
        for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = ep.dist
            try:
                module = ep.load()
            except Exception as exc:  # a broken third-party package must not take the CLI down
                raise PluginError(_("could not import {module}: {error}", module=ep.value, error=exc), plugin=ep.name,
                                  hook="import") from exc
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
                    raise PluginError(_("section {section!r} is already owned by plugin {owner}", section=section,
                                        owner=owned[section][0]), plugin=name, hook="config_schema")
                owned[section] = (name, model)
        return owned

    def enabled_for(self, listed: Iterable[str]) -> set[str]:
        """Plugins on for a street: those enabled by default plus those its profile lists."""
        return {n for n, i in self.infos.items() if i.default} | set(listed)

    def _as_registered(self, module: ModuleType, name: str) -> ModuleType:
        """What pluggy registers for a plugin module: its hook implementations, each wrapped by
        `_attributed` (with functools.wraps, so pluggy still sees its arguments and its
        `@hookimpl` options); hookwrappers are registered as they are."""
        hooks = {}
        for attr in dir(module):
            function = getattr(module, attr)
            opts = getattr(function, "streetkit_impl", None)
            if callable(function) and opts is not None:
                wrapper = opts.get("hookwrapper") or opts.get("wrapper")
                hooks[attr] = function if wrapper else functools.wraps(function)(
                    self._attributed(function, name, opts.get("specname") or attr))
        registered = ModuleType(module.__name__, module.__doc__)  # hashable, as pluggy needs
        registered.__dict__.update(hooks)
        return registered

    def _caller(self, hook: str, enabled: set[str] | None, only: str | None = None) -> Any:
        """pluggy's hook caller for `hook`, restricted to the plugins in `enabled` (all when None),
        or to the plugin `only`. Cached: page hooks are called for every page."""
        keep = frozenset([only]) if only else frozenset(enabled) if enabled is not None else None
        caller = self._subsets.get((hook, keep))
        if caller is None:
            removed = [] if keep is None else [self.pm.get_plugin(n) for n in self.infos if n not in keep]
            caller = (self.pm.subset_hook_caller(hook, [p for p in removed if p is not None]) if removed
                      else getattr(self.pm.hook, hook))
            self._subsets[(hook, keep)] = caller
        return caller

    def _calls(self) -> list[_Call]:
        stack: list[_Call] | None = getattr(self._local, "calls", None)
        if stack is None:
            stack = self._local.calls = []
        return stack

    def _attributed(self, function: Any, plugin: str, hook: str) -> Any:
        """`function` (a plugin's implementation of `hook`) as pluggy is to call it: a failure names
        the plugin and the hook; its result is noted with the plugin's name; in a guarded call it
        must leave the profile alone; STREETKIT_TRACE prints it with its time."""
        host = self

        def call(*args: Any, **kwargs: Any) -> Any:
            stack = host._calls()
            frame = stack[-1] if stack else None
            guard = frame.guard if frame is not None else None
            touched = _touch_marks(guard) if guard is not None else None
            started = time.perf_counter()
            try:
                result = function(*args, **kwargs)
            except PluginError as exc:
                if exc.plugin:
                    raise
                raise PluginError(exc.detail, plugin=plugin, hook=hook) from exc
            except StreetkitError:
                raise
            except Exception as exc:
                raise PluginError(f"{type(exc).__name__}: {exc}", plugin=plugin, hook=hook) from exc
            finally:
                if TRACE:
                    print(f"trace: {hook} -> {plugin} {1000 * (time.perf_counter() - started):.2f} ms", file=sys.stderr)
            # A full fingerprint costs milliseconds on a big street, too much after every call:
            # only when the plugin assigned a model attribute or reshaped a section's list.
            if frame is not None and frame.before is not None and touched is not None \
                    and _touch_marks(guard) != touched and (changed := changed_sections(frame.before, guard)):
                raise _changed_profile(changed, plugin, hook)
            if result is not None and frame is not None:
                frame.results.append((plugin, result))
            return result

        return call

    def pipe(self, hook: str, enabled: set[str] | None, value_arg: str, value: Any, **kwargs: Any) -> Any:
        """Call `hook` plugin by plugin, each receiving the previous one's result as `value_arg`
        (None leaves the value as it was); return the final value. For transforming hooks: each
        plugin's call goes through pluggy on its own, so wrappers and tracing see every step."""
        for impl in reversed(getattr(self.pm.hook, hook).get_hookimpls()):
            if impl.hookwrapper or impl.wrapper or (enabled is not None and impl.plugin_name not in enabled):
                continue
            for _name, result in self._dispatch(hook, self._caller(hook, None, only=impl.plugin_name),
                                                _Call(hook), {**kwargs, value_arg: value}):
                value = result
        return value

    def each(self, hook: str, enabled: set[str] | None, *, guard: Any = None, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call `hook` on the enabled plugins through pluggy's hook caller (so `tryfirst`/`trylast`,
        hookwrappers and `firstresult` behave as pluggy documents them); return `(plugin, result)`
        pairs for the non-None results, in pluggy's order.

        With `guard` (a profile), a plugin that changes any profile section is stopped: plugins
        derive into `street.data`.
        """
        before = self._fingerprint(guard) if guard is not None else None
        caller = self._caller(hook, enabled)
        results = self._dispatch(hook, caller, _Call(hook, guard, before), kwargs)
        if before is not None:
            # What the marks cannot see (an item added to a list inside a merchant) is still caught,
            # naming every plugin that ran.
            if changed := changed_sections(before, guard):
                ran = [impl.plugin_name for impl in reversed(caller.get_hookimpls())]
                raise _changed_profile(changed, " or ".join(ran), hook)
            self._verified = (guard, before, _touch_marks(guard))
        return results

    def _dispatch(self, hook: str, caller: Any, frame: _Call, kwargs: dict[str, Any]) -> list[tuple[str, Any]]:
        """Call `caller` and pair what it returns with the plugins that returned it."""
        stack = self._calls()
        stack.append(frame)
        try:
            returned = caller(**kwargs)
        finally:
            stack.pop()
        if caller.spec is not None and caller.spec.opts.get("firstresult"):
            returned = [] if returned is None else [returned]
        noted = frame.results
        out = []
        for result in returned:
            # A hookwrapper may have replaced results: those are credited to no plugin in particular.
            match = next((i for i, (_p, r) in enumerate(noted) if r is result), None)
            out.append(noted.pop(match) if match is not None else ("(hook wrapper)", result))
        return out

    def _fingerprint(self, profile: Any) -> dict[str, bytes]:
        # The previous hook ended by verifying this profile: unless something has touched it since,
        # its fingerprint still holds.
        if self._verified is not None and self._verified[0] is profile and self._verified[2] == _touch_marks(profile):
            return self._verified[1]
        return profile_digest(profile)


def _changed_profile(changed: list[str], plugin: str, hook: str) -> PluginError:
    if len(changed) == 1:
        message = _("changed the profile section {section}; plugins must not modify the profile — put derived data in "
                    "street.data instead", section=changed[0])
    else:
        message = _("changed the profile sections {sections}; plugins must not modify the profile — put derived data "
                    "in street.data instead", sections=", ".join(changed))
    return PluginError(message, plugin=plugin, hook=hook)


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
