#!/usr/bin/env bash
# Publication read benchmark (issue 8): ./bench/publication/run.sh [requests per round] [connections] [rounds] [renders]
# Starts PostgreSQL 15 and Redis on 127.0.0.1 (scripts/lib.sh), the platform with its demo data (Program.cs: waits for
# 000's disclosure, measures cold renders), then loads, round after round in one run:
#   platform-latest     GET /public/v1/disclosures/{id}.html        (Redis: latest pointer + rendered document)
#   platform-versioned  GET /public/v1/disclosures/{id}/versions/1.html (Redis: rendered document)
#   nginx               the same HTML as a static file (Debian nginx, sendfile, no access log)
# with h2load over HTTP/1.1, and reports median requests/s, p50 and p99 over every measured request, and the ratios.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
REQUESTS=${1:-20000}; CONNS=${2:-16}; ROUNDS=${3:-5}; RENDERS=${4:-50}
ensure_apt_packages nghttp2-client nginx
trap stop_started EXIT
WORK=$(mktemp -d); chmod 755 "$WORK"
pg_port=$(free_port); redis_port=$(free_port); nginx_port=$(free_port)
start_postgres "$WORK/pg" "$pg_port"
start_redis "$WORK/redis" "$redis_port"
export PLATFORM_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Pooling=true;Maximum Pool Size=50"
export PLATFORM_TEST_REDIS="127.0.0.1:$redis_port"

dotnet build -c Release --nologo -v quiet "$ROOT/bench/publication/Platform.Bench.Publication.csproj" >/dev/null
mkfifo "$WORK/stdin"
dotnet "$ROOT/bench/publication/bin/Release/net10.0/Platform.Bench.Publication.dll" "$WORK" "$RENDERS" <"$WORK/stdin" >"$WORK/bench.out" 2>&1 &
remember_pid $!
exec 3>"$WORK/stdin"   # keeps the platform serving until this script exits
wait_for "grep -q '^ready' '$WORK/bench.out'" 300 || { cat "$WORK/bench.out" >&2; exit 1; }
grep -v '^ready' "$WORK/bench.out"

mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { text/html html; }
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx; uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$nginx_port; root $WORK/static; etag on; }
}
CONF
/usr/sbin/nginx -c "$WORK/nginx/nginx.conf"
remember_pid "$(cat "$WORK/nginx/nginx.pid")"

latest=$(awk '/^latest/ {print $2}' "$WORK/urls")
versioned=$(awk '/^versioned/ {print $2}' "$WORK/urls")
static="http://127.0.0.1:$nginx_port/doc.html"
size=$(stat -c %s "$WORK/static/doc.html")
for url in "$latest" "$versioned" "$static"; do
  got=$(curl -sf "$url" | wc -c); [[ "$got" == "$size" ]] || { log "$url returned $got bytes, expected $size"; exit 1; }
done

declare -A RPS
round() {   # name url round
  local name=$1 url=$2 r=$3 out="$WORK/$1.$3"
  h2load --h1 -n $((REQUESTS / 5)) -c "$CONNS" -t 1 "$url" >/dev/null
  h2load --h1 -n "$REQUESTS" -c "$CONNS" -t 1 --log-file="$out.log" "$url" >"$out.txt"
  grep -q " 0 failed, 0 errored" "$out.txt" && grep -q "status codes: $REQUESTS 2xx" "$out.txt" || { cat "$out.txt" >&2; exit 1; }
  RPS[$name]+="$(awk '/^finished in/ {gsub(",", "", $4); printf "%d", $4}' "$out.txt") "
}
for r in $(seq 1 "$ROUNDS"); do
  round platform-latest "$latest" "$r"
  round platform-versioned "$versioned" "$r"
  round nginx "$static" "$r"
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pct() { cat "$WORK/$1".*.log | awk '{print $3}' | sort -n | awk -v p="$2" '{a[NR]=$1} END {i=int(NR*p); if (i<1) i=1; printf "%.3f", a[i]/1000}'; }
printf '\n%d requests x %d rounds, %d connections, document %d bytes\n' "$REQUESTS" "$ROUNDS" "$CONNS" "$size"
printf '%-20s %12s %10s %10s   %s\n' server "median req/s" "p50 ms" "p99 ms" "rounds"
for name in platform-latest platform-versioned nginx; do
  printf '%-20s %12s %10s %10s   %s\n' "$name" "$(echo "${RPS[$name]}" | median)" "$(pct "$name" 0.5)" "$(pct "$name" 0.99)" "${RPS[$name]}"
done
nginx_median=$(echo "${RPS[nginx]}" | median)
for name in platform-latest platform-versioned; do
  printf 'ratio %s / nginx: %.2f\n' "$name" "$(echo "$(echo "${RPS[$name]}" | median) $nginx_median" | awk '{print $1 / $2}')"
done
