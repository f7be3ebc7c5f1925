#!/usr/bin/env bash
# ./platform test: installs what the tests need when missing, starts it on 127.0.0.1 in a temporary
# directory, runs every test of Platform.sln, stops what it started (by PID) and exits non-zero on
# any failure. CI (.ci/run) calls exactly this.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

WORK="$(mktemp -d /tmp/platform-test.XXXXXX)"
trap 'stop_started; rm -rf "$WORK"' EXIT

log "installing test prerequisites (only what is missing)"
ensure_apt_packages python3-grpcio python3-grpc-tools postgresql-15 redis-server rabbitmq-server chromium fonts-noto-cjk
ensure_node_peer "$ROOT/tests/Interop/peers/node"
chmod 755 "$WORK"

log "validating docker-compose.yml and k8s/ offline"
"$ROOT/scripts/validate-deploy.sh"

log "starting PostgreSQL, Redis and RabbitMQ on 127.0.0.1 under $WORK"
pg_port=$(free_port); redis_port=$(free_port); amqp_port=$(free_port)
start_postgres "$WORK/postgres" "$pg_port"
start_redis "$WORK/redis" "$redis_port"
start_rabbitmq "$WORK/rabbitmq" "$amqp_port"

# What the tests read (tests/Platform.Testing/TestServers.cs); a missing variable fails the test that needs it.
export PLATFORM_TEST_PYTHON=/usr/bin/python3
export PLATFORM_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Pooling=true;Maximum Pool Size=50"
export PLATFORM_TEST_REDIS="127.0.0.1:$redis_port"
export PLATFORM_TEST_REDIS_SERVER="$(command -v redis-server)"
export PLATFORM_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$amqp_port/"

log "building"
dotnet build "$ROOT/Platform.sln" -c Release --nologo -v quiet

log "running tests"
set +e
dotnet test "$ROOT/Platform.sln" -c Release --no-build --nologo \
  --logger "console;verbosity=normal" --results-directory "$WORK/results" "$@" 2>&1 | tee "$WORK/test.log"
status=${PIPESTATUS[0]}
set -e

# The newcomer's distributed run, as its own test: every service its own process, the demo, through the gateway.
log "running the distributed smoke test (scripts/smoke-distributed.sh)"
if "$ROOT/scripts/smoke-distributed.sh"; then smoke="passed"; else smoke="FAILED"; status=1; fi
# The pages people read, in Chromium: sign in, type, submit; axe and Chinese text on every page.
log "running the browser check (scripts/browser-check.sh)"
if "$ROOT/scripts/browser-check.sh"; then browser="passed"; else browser="FAILED"; status=1; fi

# One closing line with the totals over every test assembly.
# (vstest prints per assembly "     Passed: N" and "     Failed: N" under "Total tests:")
passed=$(awk '/^ +Passed: +[0-9]+$/ {s+=$2} END {print s+0}' "$WORK/test.log")
failed=$(awk '/^ +Failed: +[0-9]+$/ {s+=$2} END {print s+0}' "$WORK/test.log")
if [[ $status -eq 0 && $passed -eq 0 ]]; then
  echo "no test ran" >&2
  status=1
fi
# The failed tests again, with their messages, just above the totals: a CI log is often read from its tail.
if [[ $failed -gt 0 ]]; then
  echo "failed tests:"
  awk '
    /^  Failed [^ ]/ { show=1; lines=0 }
    /^  Passed [^ ]/ || /^\[xUnit\.net/ || /^Test Run/ || /^Total tests:/ { show=0 }
    show && lines < 40 { print "  | " $0; lines++ }
  ' "$WORK/test.log"
fi
echo "tests: ${passed} passed, ${failed} failed; distributed smoke test: ${smoke}; browser check: ${browser}"
exit "$status"
