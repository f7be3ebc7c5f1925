#!/usr/bin/env bash
# Helpers shared by scripts/test.sh and the distributed runner: install when missing, start servers
# on 127.0.0.1 in a given directory, remember their PIDs, stop exactly those.
STARTED_PIDS=()

log() { printf '\033[1m[platform]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

ensure_apt_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_node_peer() {
  local dir="$1"
  if [[ ! -d "$dir/node_modules/@grpc/grpc-js" || ! -d "$dir/node_modules/@grpc/proto-loader" ]]; then
    log "npm ci in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

remember_pid() { STARTED_PIDS+=("$1"); }

stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}

# A free TCP port on 127.0.0.1 (the kernel picks it).
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Waits up to $2 seconds for command $1 (a string) to succeed.
wait_for() {
  local cmd="$1" seconds="$2" i
  for ((i = 0; i < seconds * 10; i++)); do
    if eval "$cmd" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  return 1
}

# PostgreSQL 15 in DIR on PORT (trust auth, user postgres, loopback and a socket in DIR only).
start_postgres() {
  local dir="$1" port="$2" bin=/usr/lib/postgresql/15/bin
  mkdir -p "$dir"
  local run=(bash -c)
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$dir"
    run=(su postgres -s /bin/bash -c)
  fi
  "${run[@]}" "$bin/initdb -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
  "${run[@]}" "$bin/pg_ctl -D '$dir/data' -w -t 60 -l '$dir/postgres.log' -o \"-p $port -c listen_addresses=127.0.0.1 -k '$dir' -c fsync=off -c max_connections=300\" start >/dev/null"
  remember_pid "$(head -1 "$dir/data/postmaster.pid")"
}

# Redis in DIR on PORT, no persistence.
start_redis() {
  local dir="$1" port="$2"
  mkdir -p "$dir"
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
    --save "" --appendonly no --logfile "$dir/redis.log"
  wait_for "[[ -s '$dir/redis.pid' ]] && redis-cli -p $port ping | grep -q PONG" 30 || { log "redis did not start"; return 1; }
  remember_pid "$(cat "$dir/redis.pid")"
}

# RabbitMQ in DIR on PORT (its own epmd and distribution port, loopback only). Ports are picked free just before use, and
# another process can take one in between (an outgoing connection's ephemeral port): a start that fails is retried on new
# ports, up to three times (a smoke run once met "rabbit_is_not_running", 2026-12-06).
start_rabbitmq() {
  local attempt
  for attempt in 1 2 3; do
    if start_rabbitmq_once "$@"; then return 0; fi
    log "rabbitmq did not start (attempt $attempt); trying again on other ports"
  done
  return 1
}

start_rabbitmq_once() {
  local dir="$1" port="$2"
  mkdir -p "$dir/mnesia" "$dir/log"
  rm -f "$dir/rabbit.pid"  # a failed attempt's, or a previous run's: the wait below is for this start's
  local epmd_port dist_port epmd epmd_pid server_pid
  epmd_port=$(free_port)
  dist_port=$(free_port)
  while [[ "$dist_port" == "$epmd_port" ]]; do dist_port=$(free_port); done
  epmd=$(ls /usr/lib/erlang/erts-*/bin/epmd | head -1)
  printf 'listeners.tcp.1 = 127.0.0.1:%s\nloopback_users = none\n' "$port" >"$dir/rabbitmq.conf"
  echo '[].' >"$dir/enabled_plugins"
  export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$epmd_port"
  "$epmd" -address 127.0.0.1 -port "$epmd_port" >"$dir/epmd.log" 2>&1 &
  epmd_pid=$!
  remember_pid "$epmd_pid"
  local erl_args="-kernel inet_dist_use_interface {127,0,0,1}"
  RABBIT_ENV=(HOME="$dir" RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log"
    RABBITMQ_PID_FILE="$dir/rabbit.pid" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_NODENAME="platformtest@localhost"
    RABBITMQ_DIST_PORT="$dist_port" RABBITMQ_CONF_ENV_FILE=/dev/null
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="$erl_args" RABBITMQ_CTL_ERL_ARGS="$erl_args")
  env "${RABBIT_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmq-server >"$dir/server.log" 2>&1 &
  server_pid=$!
  remember_pid "$server_pid"
  local failed=""
  if ! wait_for "[[ -s '$dir/rabbit.pid' ]]" 60; then
    failed="rabbitmq wrote no pid file"
  else
    remember_pid "$(cat "$dir/rabbit.pid")"
    env "${RABBIT_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n platformtest@localhost wait "$dir/rabbit.pid" --timeout 120 >/dev/null 2>&1 \
      && env "${RABBIT_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n platformtest@localhost await_startup >/dev/null 2>&1 \
      || failed="rabbitmq did not finish starting"
  fi
  if [[ -n "$failed" ]]; then
    log "$failed"; tail -20 "$dir/server.log" >&2
    kill "$server_pid" "$epmd_pid" $( [[ -s "$dir/rabbit.pid" ]] && cat "$dir/rabbit.pid" ) 2>/dev/null || true
    return 1
  fi
}
