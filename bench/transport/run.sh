#!/usr/bin/env bash
# Transport benchmark: unary calls/s, p50 and p99 of three servers under the same h2load load, in one run:
#   platform   the platform's gRPC server as every service host configures it (Grpc.AspNetCore + the platform's
#              interceptor verifying a signed caller on every call, health, reflection, transcoding, gRPC-Web);
#   bare       Grpc.AspNetCore with only AddGrpc() and the same handler;
#   reference  Debian's C++ gRPC 1.51 (callback API) serving the same rpc.
#   bench/transport/run.sh [calls] [connections] [streams_per_connection] [rounds]
# The servers are measured alternately, round after round, in one run; the script reports the median
# calls/s of each, p50/p99 over all measured calls, and the ratios (of the medians, and per round).
# Not a test: run it by hand and record the figures in docs/benchmarks.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
CALLS=${1:-1000000}; CONNECTIONS=${2:-8}; STREAMS=${3:-16}; ROUNDS=${4:-5}
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

declare -A PORTS
start_server() { # name command...  → PORTS[name]
  local name="$1"; shift
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  remember_pid $!
  wait_for "grep -q '^PORT ' '$WORK/$name.out'" 60 || { cat "$WORK/$name.err" >&2; exit 1; }
  PORTS[$name]=$(awk '/^PORT /{print $2; exit}' "$WORK/$name.out")
}

data_bytes() { awk '/^traffic:/ {for (i = 1; i <= NF; i++) if ($i == "data") {gsub(/[()]/, "", $(i-1)); print $(i-1)}}' "$1"; }

check() { # name port: a stock grpcio client must get the right answer before any load
  local name="$1" port="$2"
  /usr/bin/python3 "$ROOT/tests/Interop/peers/python_peer.py" client "http://127.0.0.1:$port" unary >"$WORK/$name.check"
  grep -q '"payload": 10' "$WORK/$name.check" || { log "$name failed the correctness check"; cat "$WORK/$name.check" >&2; exit 1; }
}

measure() { # name port → one round: appends calls/s and the request log, checks every response
  local name="$1" port="$2"
  local url="http://127.0.0.1:$port/platform.testing.v1.InteropTest/UnaryCall"
  # The same request to every server: a signed caller, as every call between the platform's services carries one. The
  # platform's server verifies it (and the handler echoes who called); the others ignore it.
  local load=(-c "$CONNECTIONS" -m "$STREAMS" -t 1 -H 'content-type: application/grpc' -H 'te: trailers' -d "$WORK/request.bin"
    -H "x-platform-caller: $CALLER_TOKEN")
  # The size of one good answer from this server (they differ: the .NET handler also echoes the connection id and
  # the verified caller); a gRPC error has no data frame at all, so a failing probe stops the run.
  local expected
  h2load -n 1 -c 1 -m 1 "${load[@]:4}" "$url" >"$WORK/$name.probe"
  expected=$(data_bytes "$WORK/$name.probe")
  [[ "$expected" -gt 5 ]] || { log "$name: the probe call got no message"; cat "$WORK/$name.probe" >&2; exit 1; }
  # Warm-up (JIT, connection pools), discarded; then the measured run over a fixed number of calls, so
  # that h2load's byte totals and call counts cover exactly the same calls.
  h2load -n $((CALLS / 5)) "${load[@]}" "$url" >/dev/null
  h2load -n "$CALLS" "${load[@]}" --log-file="$WORK/$name.round.log" "$url" >"$WORK/$name.h2load"
  local rps succeeded failed data
  rps=$(awk '/^finished in/ {gsub(",", "", $4); print $4}' "$WORK/$name.h2load")
  succeeded=$(awk '/^requests:/ {print $8}' "$WORK/$name.h2load")
  failed=$(awk '/^requests:/ {print $10}' "$WORK/$name.h2load")
  data=$(data_bytes "$WORK/$name.h2load")
  # h2load counts a gRPC error as success (HTTP 200): require exactly one full response frame per call.
  if [[ "$failed" != "0" || "$data" != "$((succeeded * expected))" ]]; then
    log "$name: $failed failed, $data data bytes for $succeeded calls (expected $((succeeded * expected)))"
    cat "$WORK/$name.h2load" >&2
    exit 1
  fi
  cut -f3 "$WORK/$name.round.log" >>"$WORK/$name.durations"
  echo "$rps" >>"$WORK/$name.rps"
  echo "$succeeded" >>"$WORK/$name.calls"
}

report() { # name → median calls/s, p50, p99 over every measured call
  local name="$1" median p50 p99 calls rounds
  median=$(sort -n "$WORK/$name.rps" | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}')
  read -r p50 p99 < <(sort -n "$WORK/$name.durations" | awk '{v[NR]=$1} END {printf "%.3f %.3f\n", v[int(NR*0.50)]/1000, v[int(NR*0.99)]/1000}')
  calls=$(awk '{s+=$1} END {print s}' "$WORK/$name.calls")
  rounds=$(tr '\n' ' ' <"$WORK/$name.rps")
  printf '%-10s median %10.0f calls/s   p50 %6s ms   p99 %6s ms   (%s calls checked; rounds: %s)\n' "$name" "$median" "$p50" "$p99" "$calls" "$rounds"
  echo "$median" >"$WORK/$name.median"
}

start_server platform dotnet "$WORK/platform/Platform.Bench.TransportServer.dll" platform 0
CALLER_TOKEN=$(awk '/^TOKEN /{print $2; exit}' "$WORK/platform.out")
start_server bare dotnet "$WORK/platform/Platform.Bench.TransportServer.dll" bare 0
start_server reference "$WORK/reference-server" 0

echo "h2load: ${ROUNDS} rounds of ${CALLS} calls (each after $((CALLS / 5)) warm-up calls), ${CONNECTIONS} connections x ${STREAMS} concurrent streams, 1 client thread, $(nproc) cores shared"
for name in platform bare reference; do check "$name" "${PORTS[$name]}"; done
for ((round = 1; round <= ROUNDS; round++)); do
  # The order rotates each round, so that no server always follows the same one on this shared machine.
  order=(platform bare reference)
  for ((i = 0; i < 3; i++)); do
    name=${order[$(((i + round - 1) % 3))]}
    measure "$name" "${PORTS[$name]}"
  done
done
for name in platform bare reference; do report "$name"; done
# Two figures per pair: the ratio of the medians, and the median of the per-round ratios (each round's two measurements
# are minutes apart at most, so drift of this shared machine cancels better there).
ratio() {
  awk -v a="$(cat "$WORK/$1.median")" -v b="$(cat "$WORK/$2.median")" -v t="$3" 'BEGIN {printf "%-22s ratio of medians %.2f", t, a / b}'
  paste "$WORK/$1.rps" "$WORK/$2.rps" | awk '{print $1 / $2}' | sort -n \
    | awk '{v[NR]=$1} END {printf "   median of per-round ratios %.2f\n", (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'
}
ratio platform reference "platform / C++:"
ratio platform bare "platform / bare:"
ratio bare reference "bare / C++:"
