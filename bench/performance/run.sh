#!/usr/bin/env bash
# Scoring benchmark (issue 6): ./bench/performance/run.sh [transcription.json ...]
# Scores every project form of the shared transcriptions 000 and 003 (21 forms) on one thread, audit included.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ $# -eq 0 ]]; then
  set -- "$ROOT/../shared/domain/disclosures/000_bb240cb5f2680099.json" "$ROOT/../shared/domain/disclosures/003_92bef6b83a4d4ba2.json"
fi
dotnet run -c Release --project "$ROOT/bench/performance/Platform.Bench.Performance.csproj" -- "$@"
