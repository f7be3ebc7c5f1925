#!/usr/bin/env bash
# Transport benchmark: unary calls/s, p50 and p99 of the platform's gRPC server and of a reference
# server built from Debian's C++ gRPC, under the same h2load load, in one run, and their ratio.
#   bench/transport/run.sh [calls] [connections] [streams_per_connection]
# Not a test: run it by hand and record the figures in docs/benchmarks.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
CALLS=${1:-1000000}; CONNECTIONS=${2:-8}; STREAMS=${3:-16}
WORK="$(mktemp -d /tmp/bench-transport.XXXXXX)"
trap 'stop_started; rm -rf "$WORK"' EXIT

ensure_apt_packages nghttp2-client libgrpc++-dev protobuf-compiler-grpc protobuf-compiler pkg-config g++ python3-grpcio python3-grpc-tools

log "building the C++ reference server"
protoc -I "$ROOT/protos/platform/testing/v1" --cpp_out="$WORK" --grpc_out="$WORK" \
  --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" "$ROOT/protos/platform/testing/v1/interop.proto"
g++ -O2 -std=c++17 -I "$WORK" "$ROOT/bench/transport/reference/server.cc" "$WORK/interop.pb.cc" "$WORK/interop.grpc.pb.cc" \
  -o "$WORK/reference-server" $(pkg-config --cflags --libs grpc++ protobuf)

log "building the platform server (Release)"
dotnet publish "$ROOT/bench/transport/PlatformServer/Platform.Bench.TransportServer.csproj" -c Release -o "$WORK/platform" --nologo -v quiet

# Request: a gRPC frame of SimpleRequest{response_size: 16, text: "bench"} (field 1 varint, field 7 string).
printf '\x00\x00\x00\x00\x09\x08\x10\x3a\x05bench' >"$WORK/request.bin"
# Expected response frame: 5-byte prefix + SimpleResponse{payload: 16 zero bytes, text: "bench"} = 30 bytes.
EXPECTED_DATA_BYTES=30

start_server() { # name command...  → sets PORT
  local name="$1"; shift
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  remember_pid $!
  wait_for "grep -q '^PORT ' '$WORK/$name.out'" 60 || { cat "$WORK/$name.err" >&2; exit 1; }
  PORT=$(awk '/^PORT /{print $2; exit}' "$WORK/$name.out")
}

measure() { # name port → prints one result line, checks every response
  local name="$1" port="$2"
  # Correctness first: a stock grpcio client must get the right answer.
  /usr/bin/python3 "$ROOT/tests/Interop/peers/python_peer.py" client "http://127.0.0.1:$port" unary >"$WORK/$name.check"
  grep -q '"payload": 10' "$WORK/$name.check" || { log "$name failed the correctness check"; cat "$WORK/$name.check" >&2; exit 1; }
  local url="http://127.0.0.1:$port/platform.testing.v1.InteropTest/UnaryCall"
  local load=(-c "$CONNECTIONS" -m "$STREAMS" -t 1 -H 'content-type: application/grpc' -H 'te: trailers' -d "$WORK/request.bin")
  # Warm-up (JIT, connection pools), discarded; then the measured run over a fixed number of calls, so
  # that h2load's byte totals and call counts cover exactly the same calls.
  h2load -n $((CALLS / 5)) "${load[@]}" "$url" >/dev/null
  h2load -n "$CALLS" "${load[@]}" --log-file="$WORK/$name.log" "$url" >"$WORK/$name.h2load"
  local rps succeeded failed data
  rps=$(awk '/^finished in/ {gsub(",", "", $4); print $4}' "$WORK/$name.h2load")
  succeeded=$(awk '/^requests:/ {print $8}' "$WORK/$name.h2load")
  failed=$(awk '/^requests:/ {print $10}' "$WORK/$name.h2load")
  data=$(awk '/^traffic:/ {for (i = 1; i <= NF; i++) if ($i == "data") {gsub(/[()]/, "", $(i-1)); print $(i-1)}}' "$WORK/$name.h2load")
  # h2load counts a gRPC error as success (HTTP 200): require exactly one full response frame per call.
  if [[ "$failed" != "0" || "$data" != "$((succeeded * EXPECTED_DATA_BYTES))" ]]; then
    log "$name: $failed failed, $data data bytes for $succeeded calls (expected $((succeeded * EXPECTED_DATA_BYTES)))"
    cat "$WORK/$name.h2load" >&2
    exit 1
  fi
  local p50 p99
  read -r p50 p99 < <(cut -f3 "$WORK/$name.log" | sort -n | awk '{v[NR]=$1} END {printf "%.2f %.2f\n", v[int(NR*0.50)]/1000, v[int(NR*0.99)]/1000}')
  printf '%-10s %12s calls/s   p50 %7s ms   p99 %7s ms   (%s calls checked)\n' "$name" "$rps" "$p50" "$p99" "$succeeded"
  echo "$rps" >"$WORK/$name.rps"
}

start_server platform dotnet "$WORK/platform/Platform.Bench.TransportServer.dll" 0
PLATFORM_PORT=$PORT
start_server reference "$WORK/reference-server" 0
REFERENCE_PORT=$PORT

echo "h2load: ${CALLS} calls after $((CALLS / 5)) warm-up calls, ${CONNECTIONS} connections x ${STREAMS} concurrent streams, 1 client thread, $(nproc) cores shared"
measure platform "$PLATFORM_PORT"
measure reference "$REFERENCE_PORT"
awk -v p="$(cat "$WORK/platform.rps")" -v r="$(cat "$WORK/reference.rps")" 'BEGIN {printf "ratio platform/reference: %.2f\n", p / r}'
