#!/usr/bin/env bash
# Starts local PostgreSQL and Redis if they do not answer, then creates the databases given as arguments.
set -euo pipefail

PGHOST_ADDR=127.0.0.1
PGPORT_NUM=5432
REDIS_PORT_NUM=6379

answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for() {
  local name=$1 host=$2 port=$3
  for _ in $(seq 1 60); do
    answers "$host" "$port" && return 0
    sleep 0.5
  done
  echo "ensure-services: $name did not come up on $host:$port" >&2
  return 1
}

if ! answers "$PGHOST_ADDR" "$PGPORT_NUM"; then
  echo "ensure-services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  wait_for PostgreSQL "$PGHOST_ADDR" "$PGPORT_NUM"
fi

if ! answers "$PGHOST_ADDR" "$REDIS_PORT_NUM"; then
  echo "ensure-services: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT_NUM" --save "" --appendonly no
  wait_for Redis "$PGHOST_ADDR" "$REDIS_PORT_NUM"
fi

# PostgreSQL may accept TCP a moment before it accepts queries.
for _ in $(seq 1 60); do
  psql -h "$PGHOST_ADDR" -p "$PGPORT_NUM" -U postgres -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.5
done

for db in "$@"; do
  exists=$(psql -h "$PGHOST_ADDR" -p "$PGPORT_NUM" -U postgres -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'")
  if [ "$exists" != "1" ]; then
    psql -h "$PGHOST_ADDR" -p "$PGPORT_NUM" -U postgres -d postgres -qc "CREATE DATABASE \"$db\""
    echo "ensure-services: created database $db"
  fi
done
