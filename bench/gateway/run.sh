#!/usr/bin/env bash
# Gateway benchmark (issues 9 and 18), three comparisons in one run:
#   1. gRPC unary UnaryCall: direct to the service, through the gateway (bearer token checked, caller signed, request
#      scoped; and anonymously on a public route), and through nginx (Debian) proxying the same service with grpc_pass;
#      then the same call as JSON (JsonTest Echo, POST /v1/echo): to the service's own transcoding directly, through the
#      gateway's generated portal route (/api/county/v1/echo, bearer token) and through nginx proxy_pass.
#   2. A cached document (000's disclosure as `platform disclosure render --format html` writes it): through the gateway's
#      output cache vs nginx serving the same file statically.
#   3. Failover: two replica processes behind the gateway under load, one killed (SIGKILL): idempotent read failures,
#      time until the gateway marks the dead replica unhealthy, non-idempotent failures and double applications.
# Usage: bench/gateway/run.sh [grpc calls per round] [connections] [streams] [rounds] [document requests] [failover seconds]
# ONLY=grpc (ONLY=doc) runs the first (second) comparison alone. Not a test: run it by hand and record the figures in docs/benchmarks.md. Medians over rounds; p50/p99 over all calls.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
CALLS=${1:-200000}; CONNECTIONS=${2:-8}; STREAMS=${3:-16}; ROUNDS=${4:-3}; DOC_REQUESTS=${5:-20000}; FAILOVER_SECONDS=${6:-15}
WORK="$(mktemp -d /tmp/bench-gateway.XXXXXX)"; chmod 755 "$WORK"
trap 'stop_started; rm -rf "$WORK"' EXIT
ensure_apt_packages nghttp2-client nginx

log "building (Release)"
dotnet build -c Release --nologo -v quiet "$ROOT/bench/gateway/Platform.Bench.Gateway.csproj" >/dev/null
BENCH="$ROOT/bench/gateway/bin/Release/net10.0/Platform.Bench.Gateway.dll"
mkdir -p "$WORK/static"
"$ROOT/platform" disclosure render "$ROOT/../shared/domain/disclosures/000_bb240cb5f2680099.json" --format html >"$WORK/static/doc.html"
DOC_SIZE=$(stat -c %s "$WORK/static/doc.html")

dotnet "$BENCH" backend "$WORK/static/doc.html" "$WORK/applied.log" >"$WORK/backend.out" 2>"$WORK/backend.err" &
remember_pid $!
wait_for "grep -q '^PORT ' '$WORK/backend.out'" 60 || { cat "$WORK/backend.err" >&2; exit 1; }
BACKEND=$(awk '/^PORT/ {print $2}' "$WORK/backend.out"); BACKEND_HTTP=$(awk '/^HTTP/ {print $2}' "$WORK/backend.out")
dotnet "$BENCH" gateway "http://127.0.0.1:$BACKEND/" >"$WORK/gateway.out" 2>"$WORK/gateway.err" &
remember_pid $!
wait_for "grep -q '^TOKEN ' '$WORK/gateway.out'" 60 || { cat "$WORK/gateway.err" >&2; exit 1; }
GATEWAY_GRPC=$(awk '/^GRPC/ {print $2}' "$WORK/gateway.out"); GATEWAY_HTTP=$(awk '/^HTTP/ {print $2}' "$WORK/gateway.out")
TOKEN=$(awk '/^TOKEN/ {print $2}' "$WORK/gateway.out")

NGINX_GRPC=$(free_port); NGINX_STATIC=$(free_port); NGINX_JSON=$(free_port)
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  http2_max_concurrent_streams 1000;
  types { text/html html; }
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx; uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  upstream backend { server 127.0.0.1:$BACKEND; keepalive 32; }
  upstream backend_http { server 127.0.0.1:$BACKEND_HTTP; keepalive 32; }
  server { listen 127.0.0.1:$NGINX_GRPC http2; location / { grpc_pass grpc://backend; } }
  server {
    listen 127.0.0.1:$NGINX_JSON http2;
    location /api/county/ { proxy_pass http://backend_http/; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
  server { listen 127.0.0.1:$NGINX_STATIC; root $WORK/static; etag on; }
}
CONF
/usr/sbin/nginx -c "$WORK/nginx/nginx.conf"
remember_pid "$(cat "$WORK/nginx/nginx.pid")"

# Request: a gRPC frame of SimpleRequest{response_size: 16, text: "bench"}; the same message as JSON.
printf '\x00\x00\x00\x00\x09\x08\x10\x3a\x05bench' >"$WORK/request.bin"
printf '{"responseSize":16,"text":"bench"}' >"$WORK/request.json"
GRPC=(-H 'content-type: application/grpc' -H 'te: trailers' -d "$WORK/request.bin")
JSON=(-H 'content-type: application/json' -d "$WORK/request.json")

data_bytes() { awk '/^traffic:/ {for (i = 1; i <= NF; i++) if ($i == "data") {gsub(/[()]/, "", $(i-1)); print $(i-1)}}' "$1"; }

h2_round() { # name url h2load-args... (request headers, body): one round over HTTP/2, every answer checked
  local name=$1 url=$2; shift 2
  local load=(-c "$CONNECTIONS" -m "$STREAMS" -t 1 "$@")
  # The size of one good answer on this path (the echoed caller differs by path; a gRPC error has no data frame at all,
  # a JSON error is not a 2xx).
  local expected
  h2load -n 1 -c 1 -t 1 "$@" "$url" >"$WORK/$name.probe"
  expected=$(data_bytes "$WORK/$name.probe")
  [[ "$expected" -gt 5 ]] && grep -q "status codes: 1 2xx" "$WORK/$name.probe" || { log "$name: the probe call got no good answer"; cat "$WORK/$name.probe" >&2; exit 1; }
  h2load -n $((CALLS / 5)) "${load[@]}" "$url" >/dev/null
  h2load -n "$CALLS" "${load[@]}" --log-file="$WORK/$name.round.log" "$url" >"$WORK/$name.h2load"
  local succeeded failed data
  succeeded=$(awk '/^requests:/ {print $8}' "$WORK/$name.h2load")
  failed=$(awk '/^requests:/ {print $10}' "$WORK/$name.h2load")
  data=$(data_bytes "$WORK/$name.h2load")
  # h2load counts a gRPC error as a success (HTTP 200): require one full answer per call, and only 2xx.
  if [[ "$failed" != "0" || "$data" != "$((succeeded * expected))" ]] || ! grep -q "status codes: $CALLS 2xx" "$WORK/$name.h2load"; then
    log "$name: $failed failed, $data data bytes for $succeeded calls"; cat "$WORK/$name.h2load" >&2; exit 1
  fi
  cut -f3 "$WORK/$name.round.log" >>"$WORK/$name.durations"
  awk '/^finished in/ {gsub(",", "", $4); print $4}' "$WORK/$name.h2load" >>"$WORK/$name.rps"
}

doc_round() { # name url
  local name=$1 url=$2
  # A full round of warm-up: the gateway's cached path needs its JIT tiering before it is measured (nginx needs none).
  h2load --h1 -n "$DOC_REQUESTS" -c 16 -t 1 "$url" >/dev/null
  h2load --h1 -n "$DOC_REQUESTS" -c 16 -t 1 --log-file="$WORK/$name.round.log" "$url" >"$WORK/$name.h2load"
  grep -q " 0 failed, 0 errored" "$WORK/$name.h2load" && grep -q "status codes: $DOC_REQUESTS 2xx" "$WORK/$name.h2load" || { cat "$WORK/$name.h2load" >&2; exit 1; }
  cut -f3 "$WORK/$name.round.log" >>"$WORK/$name.durations"
  awk '/^finished in/ {gsub(",", "", $4); print $4}' "$WORK/$name.h2load" >>"$WORK/$name.rps"
}

report() { # name
  local name=$1 median p50 p99
  median=$(sort -n "$WORK/$name.rps" | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}')
  read -r p50 p99 < <(sort -n "$WORK/$name.durations" | awk '{v[NR]=$1} END {printf "%.3f %.3f\n", v[int(NR*0.50)]/1000, v[int(NR*0.99)]/1000}')
  printf '%-18s median %9.0f req/s   p50 %7s ms   p99 %7s ms   (rounds: %s)\n' "$name" "$median" "$p50" "$p99" "$(tr '\n' ' ' <"$WORK/$name.rps")"
  echo "$median" >"$WORK/$name.median"
}
ratio() { awk -v a="$(cat "$WORK/$1.median")" -v b="$(cat "$WORK/$2.median")" -v t="$3" 'BEGIN {printf "%-40s %.2f\n", t, a / b}'; }

for url in "http://127.0.0.1:$GATEWAY_HTTP/public/v1/doc.html" "http://127.0.0.1:$NGINX_STATIC/doc.html"; do
  got=$(curl -sf "$url" | wc -c); [[ "$got" == "$DOC_SIZE" ]] || { log "$url returned $got bytes, expected $DOC_SIZE"; exit 1; }
done

if [[ "${ONLY:-}" != "doc" ]]; then
log "1. unary calls: $ROUNDS rounds of $CALLS calls per target, $CONNECTIONS connections x $STREAMS streams, HTTP/2, h2load 1 thread, $(nproc) cores shared"
AUTH=(-H "authorization: Bearer $TOKEN")
for ((r = 1; r <= ROUNDS; r++)); do
  h2_round direct "http://127.0.0.1:$BACKEND/platform.testing.v1.InteropTest/UnaryCall" "${GRPC[@]}"
  h2_round gateway "http://127.0.0.1:$GATEWAY_GRPC/platform.testing.v1.InteropTest/UnaryCall" "${GRPC[@]}" "${AUTH[@]}"
  h2_round gateway-anonymous "http://127.0.0.1:$GATEWAY_GRPC/platform.testing.v1.InteropTest/IdempotentCall" "${GRPC[@]}"
  h2_round nginx-grpc_pass "http://127.0.0.1:$NGINX_GRPC/platform.testing.v1.InteropTest/UnaryCall" "${GRPC[@]}"
  h2_round json-direct "http://127.0.0.1:$BACKEND/v1/echo" "${JSON[@]}"
  h2_round json-gateway "http://127.0.0.1:$GATEWAY_GRPC/api/county/v1/echo" "${JSON[@]}" "${AUTH[@]}"
  h2_round json-nginx "http://127.0.0.1:$NGINX_JSON/api/county/v1/echo" "${JSON[@]}"
done
for name in direct gateway gateway-anonymous nginx-grpc_pass json-direct json-gateway json-nginx; do report "$name"; done
ratio gateway nginx-grpc_pass "gateway (token) / nginx grpc_pass:"
ratio gateway-anonymous nginx-grpc_pass "gateway (anonymous) / nginx grpc_pass:"
ratio gateway direct "gateway (token) / direct:"
ratio json-gateway json-nginx "JSON: gateway (token) / nginx proxy_pass:"
ratio json-gateway gateway "JSON / gRPC, both through the gateway:"
ratio json-direct direct "JSON / gRPC, both direct:"
fi

[[ "${ONLY:-}" == "grpc" ]] && exit 0
log "2. cached document ($DOC_SIZE bytes): $ROUNDS rounds of $DOC_REQUESTS requests, 16 connections, HTTP/1.1"
for ((r = 1; r <= ROUNDS; r++)); do
  doc_round gateway-cached "http://127.0.0.1:$GATEWAY_HTTP/public/v1/doc.html"
  doc_round nginx-static "http://127.0.0.1:$NGINX_STATIC/doc.html"
done
report gateway-cached; report nginx-static
ratio gateway-cached nginx-static "gateway cached / nginx static:"

[[ "${ONLY:-}" == "doc" ]] && exit 0
log "3. failover: two replicas, $FAILOVER_SECONDS s of load (8 readers, 2 writers), one replica killed after a third"
dotnet "$BENCH" failover "$WORK/static/doc.html" "$WORK" "$FAILOVER_SECONDS"
