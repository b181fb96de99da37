#!/usr/bin/env bash
# Lighthouse (mobile) on each example street's home page, against Debian's Chromium, served on
# 127.0.0.1. Fails when performance, accessibility, best practices or SEO is below 95.
# Usage: [THEME=name] scripts/check-site.sh [STREET_SLUG…]
#   builds first (in THEME when given, into _build/theme-<name>/); writes _build/lighthouse-<slug>[-<theme>].json
set -euo pipefail
cd "$(dirname "$0")/.."
slugs=("$@")
[ ${#slugs[@]} -gt 0 ] || slugs=($(ls streets))
out=_build; tag=""
if [ -n "${THEME:-}" ]; then out="_build/theme-$THEME"; tag="-$THEME"; fi
.venv/bin/streetkit build "${slugs[@]/#/streets/}" --only site -q --out "$out" ${THEME:+--theme "$THEME"}
status=0
for slug in "${slugs[@]}"; do
  port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  .venv/bin/python -m http.server "$port" --bind 127.0.0.1 --directory "$out/$slug/site" >/dev/null 2>&1 &
  server=$!
  sleep 0.5
  CHROME_PATH=$(command -v chromium) node_modules/.bin/lighthouse "http://127.0.0.1:$port/" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync" \
    --form-factor=mobile --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output-path="_build/lighthouse-$slug$tag.json" || status=1
  kill "$server"
  .venv/bin/python - "$slug$tag" <<'PY' || status=1
import json, sys
slug = sys.argv[1]
report = json.load(open(f"_build/lighthouse-{slug}.json"))
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
print(f"{slug}: " + ", ".join(f"{k} {v}" for k, v in scores.items()))
sys.exit(0 if min(scores.values()) >= 95 else 1)
PY
done
exit $status
