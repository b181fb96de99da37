"""The CMYK output profile print files are made for: FOGRA39 by default, or a shop's own ICC file.

No ICC profile for a Korean printing condition can be had from the package registries (Japan
Color 2001 Coated and the ECI's ISO Coated v2 are not redistributable), but Debian's
`icc-profiles-free` ships FOGRA39L — the measured characterisation of ISO 12647-2 offset on coated
paper, the condition ISO Coated v2 is made from and one Korean shops accept — and ArgyllCMS's
`colprof` makes an ICC profile from it: 300 % total ink, 95 % black, a black ramp. It is made
once per machine (about 25 s; `scripts/setup.sh` does it), dated and tagged so that every machine
makes the same bytes, and kept in the user's data folder. A shop that sends its own profile
(Japan Color 2001 Coated, say) is served with `--icc FILE`.
"""
from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import BuildError
from .i18n import _

#: FOGRA39's measurements as Debian's icc-profiles-free installs them.
FOGRA39_DATA = Path("/usr/share/color/icc/FOGRA39L.ti3")
#: What the default profile is called in a PDF's output intent: the characterisation's registered
#: name at the ICC (https://www.color.org/registry/), which a shop's preflight recognises.
FOGRA39 = "FOGRA39"
FOGRA39_INFO = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1, 300% TAC)"
#: The total ink the default profile allows, in percent (what Korean offset shops ask for).
FOGRA39_INK_LIMIT = 300
_COLPROF = ["-qm", "-kr", f"-l{FOGRA39_INK_LIMIT}", "-L95"]


@dataclass(frozen=True)
class OutputProfile:
    """An ICC output profile and how a PDF's output intent names it."""

    path: Path
    identifier: str
    info: str
    #: The total ink (percent) files for this profile may reach: preflight's limit.
    ink_limit: int = FOGRA39_INK_LIMIT
    registry: str = ""

    @cached_property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def data_dir() -> Path:
    """Where made profiles are kept: the user's data folder (platformdirs), or $STREETKIT_DATA."""
    if override := os.environ.get("STREETKIT_DATA"):
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("streetkit", appauthor=False))


#: The default profile once found (a street asks for it once per colour it prints).
_found: dict[Path, OutputProfile] = {}


def default_profile(*, make: bool = True) -> OutputProfile | None:
    """FOGRA39, made from Debian's measurements on first use; None when it cannot be made (and
    `make` is False, or ArgyllCMS or the measurements are missing)."""
    if not FOGRA39_DATA.is_file():
        return None
    made = data_dir() / "icc" / f"FOGRA39-{_measurements_digest()[:12]}.icc"
    if made in _found and made.is_file():
        return _found[made]
    if not made.is_file():
        if not make or shutil.which("colprof") is None:
            return None
        _make_fogra39(FOGRA39_DATA.read_bytes(), made)
    _found[made] = OutputProfile(made, FOGRA39, FOGRA39_INFO, FOGRA39_INK_LIMIT, "http://www.color.org")
    return _found[made]


@functools.lru_cache(maxsize=1)
def _measurements_digest() -> str:
    """The measurements' hash: the made profile's name, so new measurements make a new profile."""
    return hashlib.sha256(FOGRA39_DATA.read_bytes()).hexdigest()


def require_default_profile() -> OutputProfile:
    """The default profile, or a BuildError saying how to get it."""
    profile = default_profile()
    if profile is None:
        raise BuildError(_("CMYK needs the FOGRA39 output profile, made from Debian's packages: install `argyll` and "
                           "`icc-profiles-free` (scripts/setup.sh does), or pass your print shop's profile with --icc FILE"))
    return profile


def own_profile(path: Path) -> OutputProfile:
    """A shop's ICC file, checked to be a CMYK output profile; named by its own description."""
    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(str(path)).profile
    except (OSError, ImageCms.PyCMSError) as exc:
        raise BuildError(_("--icc: {file} is not an ICC profile ({why})", file=path, why=exc)) from None
    if profile.xcolor_space.strip() != "CMYK" or profile.device_class != "prtr":
        raise BuildError(_("--icc: {file} is a {space} profile; a print shop's output profile is CMYK",
                           file=path, space=profile.xcolor_space.strip() or "?"))
    name = (profile.profile_description or path.stem).strip()
    return OutputProfile(path, name, name)


def _make_fogra39(source: bytes, target: Path) -> None:
    """Run colprof on the measurements and keep the profile under `target` (atomically: two
    builds that make it at once both end with a whole file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="streetkit-icc-") as tmp:
        (Path(tmp) / "FOGRA39L.ti3").write_bytes(source)
        proc = subprocess.run(["colprof", *_COLPROF, "-A", "streetkit", "-M", FOGRA39, "-D", FOGRA39_INFO,
                               "-C", "Made by streetkit with ArgyllCMS colprof from FOGRA39L (Fogra, icc-profiles-free)",
                               "-O", "out.icc", "FOGRA39L"], cwd=tmp, capture_output=True, text=True, errors="replace")
        out = Path(tmp) / "out.icc"
        if proc.returncode != 0 or not out.is_file():
            raise BuildError(_("colprof could not make the FOGRA39 profile: {why}",
                               why=(proc.stderr or proc.stdout).strip()[-500:]))
        out.write_bytes(_fixed_date(out.read_bytes()))
        os.replace(out, target)


def _fixed_date(icc: bytes) -> bytes:
    """The profile with its header's creation date fixed and its ID cleared (the ID is optional
    and covers the date), so that every machine makes the same bytes."""
    date = b"".join(v.to_bytes(2, "big") for v in (2006, 12, 1, 0, 0, 0))  # FOGRA39L's own date
    return icc[:24] + date + icc[36:84] + bytes(16) + icc[100:]


def main() -> None:
    """`python -m streetkit.printprofile`: make the default profile now and say where it is."""
    profile = require_default_profile()
    print(f"{profile.identifier}: {profile.path}")


if __name__ == "__main__":
    main()
