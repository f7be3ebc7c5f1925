#!/usr/bin/env bash
# Accounts submit benchmark (issue 4): ./bench/accounts-submit/run.sh [units] [concurrency]
# Starts its own PostgreSQL 15 on 127.0.0.1 (scripts/lib.sh), runs the registry and the accounts service in one host
# on a real Kestrel port, and files one return per unit through the gRPC API: open + save draft, then submit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
trap stop_started EXIT
dir=$(mktemp -d); chmod 755 "$dir"
port=$(free_port)
start_postgres "$dir/pg" "$port"
export PLATFORM_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Pooling=true;Maximum Pool Size=50"
dotnet run -c Release --project "$ROOT/bench/accounts-submit/Platform.Bench.AccountsSubmit.csproj" -- "$@"
