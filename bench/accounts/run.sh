#!/usr/bin/env bash
# Accounts validation benchmark (issue 4): one thread, Release build, medians of 7 one-second runs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
dotnet run -c Release --project bench/accounts/Platform.Bench.Accounts.csproj -- "$@"
