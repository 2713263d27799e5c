#!/usr/bin/env bash
# One command for a fresh machine: install, build, start PostgreSQL/Redis if needed, create the
# database, migrate, then run API and worker together until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

export NODE_ENV=${NODE_ENV:-development}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/healthsync}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
export PORT=${PORT:-3000}
export WORKER_HEALTH_PORT=${WORKER_HEALTH_PORT:-3001}
# Local only: a fixed HS256 secret so `npm run token` can mint tokens. Never use it anywhere else.
export JWT_SECRET=${JWT_SECRET:-local-development-secret-change-me-0001}
# The read-only queue admin on its own loopback port, for tokens of its own audience.
export ADMIN_PORT=${ADMIN_PORT:-3100}
export ADMIN_JWT_AUDIENCE=${ADMIN_JWT_AUDIENCE:-health-sync-queue-admin}
# No load balancer to wait for locally: Ctrl-C stops the API at once (in-flight requests still finish).
export SHUTDOWN_READINESS_DELAY_MS=${SHUTDOWN_READINESS_DELAY_MS:-0}

# The images' Node (docker/Dockerfile), fetched when the machine's is older.
source scripts/node-lts.sh
[ -d node_modules ] || npm ci
npm run build
bash scripts/ensure-services.sh "$(node -e 'console.log(new URL(process.env.DATABASE_URL).pathname.slice(1))')"
npm run migrate

node dist/apps/worker/src/main.js &
worker=$!
node dist/apps/api/src/main.js &
api=$!
trap 'kill -TERM $api $worker 2>/dev/null; wait $api $worker 2>/dev/null' INT TERM EXIT
echo "API: http://127.0.0.1:$PORT/graphql  worker health: http://127.0.0.1:$WORKER_HEALTH_PORT/health/ready"
echo "A token for user 'local-user': JWT_SECRET=$JWT_SECRET npm run --silent token -- local-user"
wait -n $api $worker
