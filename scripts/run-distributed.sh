#!/usr/bin/env bash
# ./platform run --distributed: PostgreSQL, RabbitMQ and Redis started on 127.0.0.1 under
# .platform-distributed (kept between runs), then each service as its own process
# (`platform serve NAME`), configured by environment variables exactly as in production.
# Ctrl+C stops the services and the servers this script started (by PID).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
CLI_DLL="$1"; shift
# The same demo as `./platform run` (the shared documents' units, returns, forms, inventories and publications) loaded
# into empty databases, unless --no-demo; each service's seeder skips data that is already there.
demo=true
for arg in "$@"; do [[ "$arg" == "--no-demo" ]] && demo=false; done
# Beside, not inside, the embedded default's owner-only .platform-data: PostgreSQL runs as its own user and must reach its
# data directory, so this one may be traversed (0711: not listed) — every file the platform writes in it is owner-only
# (keys and logs 0600), PostgreSQL's own directory is 0700 to postgres.
# PLATFORM_DISTRIBUTED_DATA, PLATFORM_SERVICE_PORT_BASE and PLATFORM_GATEWAY_PORT let a second deployment run beside
# this one (the smoke test of ./platform test does); the defaults are the ones README.md names.
DATA="${PLATFORM_DISTRIBUTED_DATA:-$ROOT/.platform-distributed}"
service_port_base="${PLATFORM_SERVICE_PORT_BASE:-5080}"
gateway_http="${PLATFORM_GATEWAY_PORT:-8080}"; gateway_grpc=$((gateway_http + 1))
mkdir -p "$DATA"; chmod 711 "$DATA"
trap 'log "stopping"; stop_started' EXIT
trap 'exit 0' INT TERM

ensure_apt_packages postgresql-15 redis-server rabbitmq-server
# A log file created (or kept) 0600 before a process writes to it; prints its path.
owner_only_log() { install -m 600 /dev/null "$1"; echo "$1"; }

pg_port=$(free_port); redis_port=$(free_port); amqp_port=$(free_port)
if [[ -f "$DATA/postgres/data/PG_VERSION" ]]; then
  run=(bash -c); [[ $(id -u) -eq 0 ]] && run=(su postgres -s /bin/bash -c)
  "${run[@]}" "/usr/lib/postgresql/15/bin/pg_ctl -D '$DATA/postgres/data' -w -l '$DATA/postgres/postgres.log' -o \"-p $pg_port -c listen_addresses=127.0.0.1 -k '$DATA/postgres'\" start >/dev/null"
  remember_pid "$(head -1 "$DATA/postgres/data/postmaster.pid")"
else
  start_postgres "$DATA/postgres" "$pg_port"
fi
start_redis "$DATA/redis" "$redis_port"
rm -f "$DATA/rabbitmq/rabbit.pid"
start_rabbitmq "$DATA/rabbitmq" "$amqp_port"

# One signing key for every service of this deployment (services verify each other's caller tokens).
[[ -f "$DATA/caller.key" ]] || (umask 077; head -c 32 /dev/urandom | base64 >"$DATA/caller.key")
export Platform__CallerSigningKey="$(cat "$DATA/caller.key")"
export Messaging__RabbitMq="amqp://guest:guest@127.0.0.1:$amqp_port/"
export Cache__Redis="127.0.0.1:$redis_port"
export Logging__Format=simple Logging__LogLevel__Default=Warning
# What a service keeps on disk besides its database (the identity service's token keys): owner-only, beside the logs.
export Platform__DataDirectory="$DATA/keys"
export Registry__SeedDemo=$demo Accounts__SeedDemo=$demo Performance__SeedDemo=$demo Assets__SeedDemo=$demo Publication__SeedDemo=$demo Identity__SeedDemo=$demo
# People sign in through the gateway (plain HTTP on this machine): tokens name its address, the portal's callback is there.
export Identity__Issuer="http://127.0.0.1:$gateway_http/" Identity__AllowHttp=true \
  Identity__PortalRedirectUris__0="http://127.0.0.1:$gateway_http/portal/signin-oidc" \
  Identity__PortalPostLogoutRedirectUris__0="http://127.0.0.1:$gateway_http/portal/signout-callback-oidc"
# The portal signs people in at the gateway's address and calls the services' contracts there (never a service).
export Portal__GatewayAddress="http://127.0.0.1:$gateway_http/" Portal__AllowHttp=true

# Every service's address is known before any starts (ports in catalog order), so a service may name one started
# after it (accounts asks the assets service at validation).
grpc_port=$service_port_base
for service in $(dotnet "$CLI_DLL" services); do
  export "Services__${service}=http://127.0.0.1:$grpc_port"
  grpc_port=$((grpc_port + 10))
done
grpc_port=$service_port_base
printf '%-12s %-28s %-28s\n' SERVICE GRPC HTTP
for service in $(dotnet "$CLI_DLL" services); do
  db="${service//-/_}"
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE \"$db\""
  http_port=$((grpc_port + 1))
  env "ConnectionStrings__$service=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$db" \
    Platform__GrpcPort=$grpc_port Platform__HttpPort=$http_port "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
    dotnet "$CLI_DLL" serve "$service" >"$(owner_only_log "$DATA/$service.log")" 2>&1 &
  remember_pid $!
  wait_for "curl -sf http://127.0.0.1:$http_port/health/ready" 60 || { log "$service did not become ready"; cat "$DATA/$service.log" >&2; exit 1; }
  printf '%-12s %-28s %-28s\n' "$service" "http://127.0.0.1:$grpc_port" "http://127.0.0.1:$http_port"
  grpc_port=$((grpc_port + 10))
done
# The gateway in front: each cluster of its shipped routes pointed at the service's process (YARP's configuration
# shape, ReverseProxy__Clusters__NAME__Destinations__ID__Address); bearer tokens checked with the deployment's key.
[[ -f "$DATA/gateway-jwt.key" ]] || (umask 077; head -c 32 /dev/urandom | base64 >"$DATA/gateway-jwt.key")
gateway_env=(Platform__GrpcPort=$gateway_grpc Platform__HttpPort=$gateway_http "Gateway__Jwt__SigningKey=$(cat "$DATA/gateway-jwt.key")"
  "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" "Logging__LogLevel__Platform.Gateway=Information")
for service in registry accounts performance assets publication identity; do
  address="$(printenv "Services__${service}")"
  gateway_env+=("ReverseProxy__Clusters__${service}__Destinations__local__Address=$address/")
done
publication_grpc="$(printenv Services__publication)"
gateway_env+=("ReverseProxy__Clusters__publication-http__Destinations__local__Address=http://127.0.0.1:$(( ${publication_grpc##*:} + 1 ))/")
# Sign-in pages and the OpenID Connect endpoints are the identity service's HTTP port; its published keys sign the tokens.
identity_http="http://127.0.0.1:$(( $(printenv Services__identity | sed 's/.*://') + 1 ))"
gateway_env+=("ReverseProxy__Clusters__portal-http__Destinations__local__Address=http://127.0.0.1:$(( $(printenv Services__portal | sed 's/.*://') + 1 ))/")
gateway_env+=("ReverseProxy__Clusters__identity-http__Destinations__local__Address=$identity_http/"
  "Gateway__Jwt__MetadataAddress=$identity_http/.well-known/openid-configuration" Gateway__Jwt__AllowHttpMetadata=true)
env "${gateway_env[@]}" dotnet "$CLI_DLL" serve gateway >"$(owner_only_log "$DATA/gateway.log")" 2>&1 &
remember_pid $!
wait_for "curl -sf http://127.0.0.1:$gateway_http/health/ready" 60 || { log "the gateway did not become ready"; cat "$DATA/gateway.log" >&2; exit 1; }
printf '%-12s %-28s %-28s\n' "gateway" "http://127.0.0.1:$gateway_grpc (gRPC)" "http://127.0.0.1:$gateway_http (HTTP)"
log "bearer tokens: Gateway__Jwt__SigningKey=\$(cat $DATA/gateway-jwt.key) ./platform token --role reviewer --jurisdiction 652300"
log "PostgreSQL 127.0.0.1:$pg_port, RabbitMQ 127.0.0.1:$amqp_port, Redis 127.0.0.1:$redis_port; logs in $DATA"
log "running; Ctrl+C to stop"
while true; do
  for pid in "${STARTED_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || { log "process $pid exited"; exit 1; }; done
  sleep 2
done
