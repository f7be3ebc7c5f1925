#!/usr/bin/env bash
# The pages people read, in Debian's Chromium, as a test of ./platform test: `./platform run` on free ports in a temporary
# data directory (with the demo users), then tests/Browser/pages.mjs signs in, types and submits, and checks every page with
# axe and for Chinese text. Stops what it started; exits non-zero with the platform's output when a check fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
ensure_apt_packages chromium fonts-noto-cjk
[[ -d "$ROOT/tests/Browser/node_modules/puppeteer-core" ]] || (cd "$ROOT/tests/Browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

WORK="$(mktemp -d /tmp/platform-browser.XXXXXX)"
run_pid=""
finish() {
  local status=$?
  [[ -n "$run_pid" ]] && kill -TERM "$run_pid" 2>/dev/null && wait "$run_pid" 2>/dev/null || true
  [[ $status -ne 0 ]] && { echo "--- ./platform run said:" >&2; tail -n 30 "$WORK/run.log" >&2 || true; }
  rm -rf "$WORK"
  exit "$status"
}
trap finish EXIT

grpc=$(free_port); http=$(free_port); gateway=$(free_port); gateway_grpc=$(free_port)
"$ROOT/platform" run --data-dir "$WORK/data" --grpc-port "$grpc" --http-port "$http" --gateway-port "$gateway" --gateway-grpc-port "$gateway_grpc" >"$WORK/run.log" 2>&1 &
run_pid=$!
ready=false
for ((i = 0; i < 600; i++)); do
  kill -0 "$run_pid" 2>/dev/null || { log "browser check: ./platform run exited"; exit 1; }
  # Ready when the demo's publication is on the landing page (the demo loads after the services start).
  # (The page is read whole before it is searched: `curl | grep -q` under pipefail fails when grep stops reading early.)
  if [[ "$(curl -sf "http://127.0.0.1:$gateway/" 2>/dev/null)" == *'/public/v1/disclosures/'* ]]; then ready=true; break; fi
  sleep 1
done
$ready || { log "browser check: the landing page never listed the demo's disclosure"; exit 1; }
node "$ROOT/tests/Browser/pages.mjs" "http://127.0.0.1:$gateway" ${PLATFORM_SCREENSHOTS:+"$PLATFORM_SCREENSHOTS"}
