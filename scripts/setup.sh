#!/usr/bin/env bash
# Set streetkit up on a Debian/Ubuntu machine: the system packages it needs (Korean fonts,
# HarfBuzz's subsetter for WeasyPrint, poppler and zbar for print checks, Chromium for page checks,
# ArgyllCMS and Fogra's measurements for the CMYK output profile),
# rsync and OpenSSH for publishing, LibreOffice Writer for the Word report's test, then a virtual environment in .venv with streetkit and its test tools installed.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-venv
  fonts-noto-cjk fonts-nanum          # Korean fonts: Noto Sans/Serif CJK KR, Nanum families
  libpango-1.0-0 libpangoft2-1.0-0    # WeasyPrint's text layout
  libharfbuzz-subset0                 # fast font subsetting; without it WeasyPrint is ~60x slower on CJK
  libcairo2                           # cairosvg renders the brand pack's logo SVGs to PNG
  poppler-utils zbar-tools            # pdfinfo/pdffonts/pdftotext/pdftoppm and a QR decoder (tests)
  argyll icc-profiles-free            # the FOGRA39 output profile for CMYK press files, made with colprof
  ghostscript                         # tests check the press files' separations (tiffsep)
  chromium                            # the browser Lighthouse drives (scripts/check_site.py)
  chromium-headless-shell             # headless Chromium for page checks, the gallery's screenshots and tests
  git rsync openssh-client            # streetkit publish: a git branch, or rsync over SSH
  openssh-server                      # tests publish over SSH to an sshd they start on 127.0.0.1
  libreoffice-writer-nogui            # tests open the report's Word file as a client's office suite would
)

# The page checkers (package.json) need Java for the Nu Html Checker and Node for npm.
command -v java >/dev/null 2>&1 || APT_PACKAGES+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "streetkit setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "streetkit setup: these Debian packages are missing; install them as root, then run this again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

python3 - <<'PY' || { echo "streetkit needs Python 3.11 or newer (python3 is $(python3 --version))" >&2; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test,dev]'
# Bytecode for the checkout's own code (an editable install compiles none): every `streetkit`
# command then starts 0.4 s sooner, also where PYTHONDONTWRITEBYTECODE keeps Python from writing it.
.venv/bin/python -m compileall -q streetkit plugins
npm ci --no-audit --no-fund --silent   # vnu-jar and axe-core, pinned by package-lock.json
.venv/bin/python -m streetkit.printprofile   # FOGRA39 from Debian's measurements: once per machine, ~25 s
echo "streetkit setup: ready — $(.venv/bin/streetkit --version)"
