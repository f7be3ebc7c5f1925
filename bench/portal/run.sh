#!/usr/bin/env bash
# Portal benchmark (issue 20), on the platform as `./platform run` hosts it (free ports, a temporary data directory, the
# demo), in Debian's Chromium (puppeteer-core from tests/Browser):
#   1. First load of a return's page until its grid is live (the WebAssembly runtime, the client, the accounts domain
#      started and the first check done): cold (a new browser profile, empty cache) and warm (the same page again),
#      alternating, medians over rounds.
#   2. Keystroke to finding shown, on a full return (the consistent sample return saved first): 1,000 values typed into a
#      cell, each until the page shows the check's result (the grid's check counter moved and a frame painted); p50/p99.
#      Goal p99 <= 50 ms.
#   3. Draft save round trip through the gateway with N concurrent clerks (each its own unit and return, saving a cell
#      on top of its last revision): the JSON route the portal's save ends in (PATCH /api/city/v1/returns/…), p50/p99;
#      first at the portal's pace (each clerk one draft per autosave delay, 3 s), then back to back (a stress test).
#      Goal p99 <= 300 ms. (The portal's own page render after a save is not included; see docs/benchmarks.md.)
# Usage: bench/portal/run.sh [rounds] [clerks] [save seconds]. Not a test: record the figures in docs/benchmarks.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
ROUNDS=${1:-5}; CLERKS=${2:-50}; SAVE_SECONDS=${3:-20}
ensure_apt_packages chromium fonts-noto-cjk
[[ -d "$ROOT/tests/Browser/node_modules/puppeteer-core" ]] || (cd "$ROOT/tests/Browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
WORK="$(mktemp -d /tmp/bench-portal.XXXXXX)"
trap 'stop_started; rm -rf "$WORK"' EXIT

grpc=$(free_port); http=$(free_port); gateway=$(free_port); gateway_grpc=$(free_port)
"$ROOT/platform" run --data-dir "$WORK/data" --grpc-port "$grpc" --http-port "$http" --gateway-port "$gateway" --gateway-grpc-port "$gateway_grpc" >"$WORK/run.log" 2>&1 &
remember_pid $!
wait_for "[[ \"\$(curl -sf http://127.0.0.1:$gateway/)\" == */public/v1/disclosures/* ]]" 600 || { tail -30 "$WORK/run.log" >&2; exit 1; }

# Development tokens (the gateway's dev key in the data directory): an administrator registers the clerks' units; each
# clerk's token names its unit. The demo clerk's token fills the sample return the browser part types into.
token() { dotnet "$ROOT/artifacts/cli/platform.dll" token --data-dir "$WORK/data" "$@"; }
{
  echo "ADMIN $(token --subject bench-admin --role admin --jurisdiction 650000)"
  echo "SEISMIC $(token --subject clerk.urumqi-seismic --role clerk --jurisdiction 650100 --unit urumqi-seismic)"
  for ((i = 0; i < CLERKS; i++)); do
    echo "CLERK bench-unit-$i $(token --subject "bench-clerk-$i" --role clerk --jurisdiction 650100 --unit "bench-unit-$i")"
  done
} >"$WORK/tokens"

log "portal benchmark: $ROUNDS rounds, $CLERKS clerks saving for ${SAVE_SECONDS}s"
TMPDIR="$WORK" node "$ROOT/bench/portal/portal.mjs" "http://127.0.0.1:$gateway" "$WORK/tokens" "$ROOT/tests/Platform.Testing/Accounts/SampleReturns.cs" \
  "$ROUNDS" "$SAVE_SECONDS"
