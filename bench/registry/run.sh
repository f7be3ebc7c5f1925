#!/usr/bin/env bash
# Registry benchmark (issue 3): ./bench/registry/run.sh [jurisdiction_seconds] [concurrency]
# Generates ~30,000 units, imports them through the registry's ImportUnits rpc, then measures a prefecture
# subtree streamed over gRPC and jurisdiction checks at load (closed loop, one HTTP/2 channel).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dotnet run -c Release --project "$ROOT/bench/registry/Platform.Bench.Registry.csproj" -- "$@"
