#!/usr/bin/env bash
# The whole suite: unit specs, CDK assertions, and e2e/fault tests against real PostgreSQL,
# Redis and the built API/worker processes, after the lint (ESLint + Prettier check). Ends with one
# 'N passed, N failed' line.
set -uo pipefail
cd "$(dirname "$0")/.."

# Install, build and tests run on the images' Node (docker/Dockerfile), fetched when the machine's is older.
source scripts/node-lts.sh || exit 1
[ -d node_modules ] || npm ci || exit 1
# The queue-admin browser test drives Debian's Chromium through playwright-core (no bundled browser
# download); a fresh machine has none, so the test command installs it.
if ! command -v chromium >/dev/null; then
  { apt-get update -qq && apt-get install -y -qq chromium; } || exit 1
fi
bash scripts/ensure-services.sh healthsync_test healthsync_test_docker || exit 1
npm run lint || exit 1
npm run build || exit 1

# JEST_RESULTS=<file> keeps jest's JSON report (per-suite timings) instead of a temporary file.
results=${JEST_RESULTS:-$(mktemp)}
npx jest --runInBand --json --outputFile="$results" "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$results" || status=1
[ -n "${JEST_RESULTS:-}" ] || rm -f "$results"
exit $status
