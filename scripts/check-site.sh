#!/usr/bin/env bash
# Lighthouse (mobile) on every page type of the example streets and the 1,000-merchant street;
# fails below 95 on any score or at CLS 0.05 and more. See scripts/check_site.py for the options.
# Usage: [THEME=name] scripts/check-site.sh [STREET_SLUG…] [--no-big]
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/check_site.py ${THEME:+--theme "$THEME"} "$@"
