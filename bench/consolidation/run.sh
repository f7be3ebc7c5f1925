#!/usr/bin/env bash
# Consolidation benchmark (issue 5): ./bench/consolidation/run.sh [units] [approvals]
# Starts its own PostgreSQL 15 and RabbitMQ on 127.0.0.1 (scripts/lib.sh), runs the registry and the accounts
# service in one host on a real Kestrel port, generates a region of units with approved returns, then measures a
# full consolidation (cold and verifying) and the latency from an approval's commit to the region-level total.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
trap stop_started EXIT
dir=$(mktemp -d); chmod 755 "$dir"
pg_port=$(free_port); amqp_port=$(free_port)
start_postgres "$dir/pg" "$pg_port"
start_rabbitmq "$dir/rabbitmq" "$amqp_port"
export PLATFORM_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Pooling=true;Maximum Pool Size=50"
export PLATFORM_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$amqp_port/"
dotnet build -c Release "$ROOT/bench/consolidation/Platform.Bench.Consolidation.csproj" --nologo -v quiet >/dev/null
dotnet "$ROOT/bench/consolidation/bin/Release/net10.0/Platform.Bench.Consolidation.dll" "$@"
