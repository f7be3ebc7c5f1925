#!/usr/bin/env bash
# Offline validation of the deployment descriptions (no Docker engine, no cluster needed):
#   docker-compose.yml  → docker-compose config -q
#   k8s/base            → kubectl kustomize, then a schema check of every object (k8s/validate)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
ensure_apt_packages docker-compose
command -v kubectl >/dev/null || { log "kubectl is missing (Debian machines of this project ship it)"; exit 1; }
if [[ ! -d "$ROOT/k8s/validate/node_modules/kubernetes-models" ]]; then
  (cd "$ROOT/k8s/validate" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
docker-compose -f "$ROOT/docker-compose.yml" config -q
log "docker-compose.yml: valid"
kubectl kustomize "$ROOT/k8s/base" | node "$ROOT/k8s/validate/validate.mjs" >/dev/null
log "k8s/base: $(kubectl kustomize "$ROOT/k8s/base" | grep -c '^kind:') objects valid against the Kubernetes schemas"
