#!/usr/bin/env bash
# The newcomer's `./platform run --distributed`, as a test (./platform test runs it after the test assemblies): every
# service its own process on real PostgreSQL, RabbitMQ and Redis, the gateway in front, and the same demo as
# `./platform run`. Checked through the gateway only, as its users would: a citizen finds the demo's published
# disclosures, a reviewer finds the demo's units. Runs beside a developer's own deployment (its own data directory and
# ports) and stops everything it started; exits non-zero, with the deployment's logs, when any check fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"

WORK="$(mktemp -d /tmp/platform-smoke.XXXXXX)"
# PostgreSQL runs as its own user: it must traverse (not list) the way to its data directory.
chmod 711 "$WORK"
run_pid=""
finish() {
  local status=$?
  if [[ -n "$run_pid" ]] && kill -0 "$run_pid" 2>/dev/null; then
    # SIGTERM, not SIGINT: a non-interactive shell starts a background job with SIGINT ignored, and an ignored signal
    # cannot be trapped. On TERM run-distributed.sh stops its services and servers by PID, as on Ctrl+C.
    kill -TERM "$run_pid" 2>/dev/null || true
    wait "$run_pid" 2>/dev/null || true
  fi
  if [[ $status -ne 0 ]]; then
    echo "--- ./platform run --distributed said:" >&2; tail -n 40 "$WORK/run.log" >&2 || true
    for f in "$WORK"/data/*.log; do [[ -f "$f" ]] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap finish EXIT

# Ports in blocks of 100 where every port the deployment takes is free: services at base, base+1, base+10, …; the gateway
# at base+90 and base+91.
ports_free() { /usr/bin/python3 - "$1" <<'EOF'
import socket, sys
base = int(sys.argv[1])
for port in [base + 10 * i + j for i in range(10) for j in (0, 1)]:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        sys.exit(1)
    finally:
        s.close()
EOF
}
# Blocks below the kernel's ephemeral range (ip_local_port_range, 32768–60999 by default): a port found free there is not
# handed meanwhile to an outgoing connection or another process's port-0 listener (that happened once: the gateway's port
# was taken between this check and its start, minutes later).
low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
base=""
for candidate in $(shuf -i 100-$(( (low - 100) / 100 )) -n 40); do
  if ports_free $((candidate * 100)); then base=$((candidate * 100)); break; fi
done
[[ -n "$base" ]] || { log "no free block of ports for the smoke deployment"; exit 1; }
gateway=$((base + 90))

log "smoke: ./platform run --distributed (services from 127.0.0.1:$base, gateway 127.0.0.1:$gateway)"
PLATFORM_DISTRIBUTED_DATA="$WORK/data" PLATFORM_SERVICE_PORT_BASE=$base PLATFORM_GATEWAY_PORT=$gateway \
  "$ROOT/platform" run --distributed >"$WORK/run.log" 2>&1 &
run_pid=$!

# Publishing the CLI the first time, five services and the gateway: minutes on a cold machine. A deployment that gives up
# (a server or a service that does not start) ends the wait at once.
ready=false
for ((i = 0; i < 600; i++)); do
  kill -0 "$run_pid" 2>/dev/null || { log "smoke: ./platform run --distributed exited before the gateway was ready"; exit 1; }
  if curl -sf "http://127.0.0.1:$gateway/health/ready" >/dev/null 2>&1; then ready=true; break; fi
  sleep 1
done
$ready || { log "smoke: the gateway was not ready after 10 minutes"; exit 1; }

# The demo loads in the background after the services are ready: wait for what a citizen would look for. The public
# list may be kept by the gateway for a minute, so each look asks a different page size (a different answer to keep).
count=0
for ((i = 0; i < 300; i++)); do
  count=$(curl -sf "http://127.0.0.1:$gateway/api/public/v1/disclosures?region_code=650000&page_size=$((100 + i))" \
    | /usr/bin/python3 -c 'import json, sys; print(len(json.load(sys.stdin).get("documents", [])))' 2>/dev/null || echo 0)
  [[ "$count" -gt 0 ]] && break
  sleep 1
done
[[ "$count" -gt 0 ]] || { log "smoke: no published disclosure of the demo at the gateway after 5 minutes"; exit 1; }

token=$(Gateway__Jwt__SigningKey="$(cat "$WORK/data/gateway-jwt.key")" dotnet "$ROOT/artifacts/cli/platform.dll" token --role reviewer --jurisdiction 650000 --subject smoke-reviewer)
units=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$gateway/api/city/v1/units?as_of_year=2022&page_size=50" \
  | /usr/bin/python3 -c 'import json, sys; print(len(json.load(sys.stdin).get("units", [])))')
[[ "$units" -gt 0 ]] || { log "smoke: a reviewer of 650000 finds no demo unit through the gateway"; exit 1; }

# The front door: the portal's landing page, the sign-in page and the OpenID Connect discovery document, through the gateway.
# (Each page is read whole before it is searched: `curl | grep -q` under pipefail fails when grep stops reading early.)
[[ "$(curl -sf "http://127.0.0.1:$gateway/")" == *'部门决算公开'* ]] || { log "smoke: no portal landing page at the gateway"; exit 1; }
[[ "$(curl -sf "http://127.0.0.1:$gateway/account/login")" == *'登录名'* ]] || { log "smoke: no sign-in page at the gateway"; exit 1; }
# The portal (its own process) sends an unsigned-in visit to the provider at the gateway, code + PKCE, back to itself.
signin=$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$gateway/portal")
[[ "$signin" == "http://127.0.0.1:$gateway/connect/authorize?client_id=portal&redirect_uri=http%3A%2F%2F127.0.0.1%3A$gateway%2Fportal%2Fsignin-oidc&"*"code_challenge_method=S256"* ]] \
  || { log "smoke: the portal does not send a visitor to sign in at the gateway (went to '$signin')"; exit 1; }
# The portal's browser files (the .NET runtime for the WebAssembly grid, from the published web root) through the gateway.
landing=$(curl -sf "http://127.0.0.1:$gateway/")
script=$(grep -o '_framework/blazor\.web\.[a-z0-9]*\.js' <<<"$landing" | head -1 || true)
[[ -n "$script" ]] && curl -sf -o /dev/null "http://127.0.0.1:$gateway/$script" \
  || { log "smoke: the portal's _framework/blazor.web.js is not served through the gateway"; exit 1; }
issuer=$(curl -sf "http://127.0.0.1:$gateway/.well-known/openid-configuration" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["issuer"])')
[[ "$issuer" == "http://127.0.0.1:$gateway/" ]] || { log "smoke: the identity service names issuer '$issuer', not the gateway"; exit 1; }

log "smoke: passed — $count published disclosures for the public, $units units for a reviewer, through the gateway"
