#!/usr/bin/env node
'use strict';
/*
 * Container health probe: GET <url>, exit 0 on a 2xx answer within the
 * deadline, 1 otherwise. Plain Node, no dependencies, no curl/wget (the slim
 * image has neither, and adding them only for this adds attack surface).
 *
 * Used by the Dockerfile HEALTHCHECK and by the ECS container health check
 * (infra/lib/constructs/sidecar-task.ts), always as exec form:
 *   node /app/docker/healthcheck.js http://127.0.0.1:3001/health/ready
 *
 * On failure it prints the reason and the start of the body: Docker and ECS
 * keep the probe's output, and Terminus's JSON says which dependency is down.
 *
 * Optional second argument / HEALTHCHECK_TIMEOUT_MS: deadline in ms (default
 * 3000). Keep it below the orchestrator's own timeout (ECS: 5 s).
 */
const http = require('node:http');

const MAX_BODY_CHARS = 512;

function fail(message) {
  process.stderr.write(`unhealthy: ${message}\n`);
  process.exit(1);
}

const target = process.argv[2];
const timeoutMs = Number(process.argv[3] || process.env.HEALTHCHECK_TIMEOUT_MS || 3000);

if (!target) fail('usage: healthcheck.js <http-url> [timeout-ms]');
if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) fail(`bad timeout "${process.argv[3]}"`);

let url;
try {
  url = new URL(target);
} catch {
  fail(`not a URL: ${target}`);
}
// The probe talks to the process in its own container over loopback; TLS
// would only add a certificate to manage.
if (url.protocol !== 'http:') fail(`only http:// is supported, got ${url.protocol}`);

// One deadline for the whole exchange (connect + headers + body), so a server
// that accepts the connection and then stalls still fails in time.
const signal = AbortSignal.timeout(timeoutMs);

const request = http.get(url, { signal, headers: { accept: 'application/json', connection: 'close' } }, (response) => {
  const status = response.statusCode || 0;
  if (status >= 200 && status < 300) {
    response.resume();
    process.exit(0);
  }
  let body = '';
  response.setEncoding('utf8');
  response.on('data', (chunk) => {
    body += chunk;
    if (body.length >= MAX_BODY_CHARS) response.destroy();
  });
  const report = () => fail(`HTTP ${status} from ${url.href} ${body.slice(0, MAX_BODY_CHARS)}`.trim());
  response.on('end', report);
  response.on('close', report);
  response.on('error', report);
});

request.on('error', (error) => {
  fail(signal.aborted ? `no answer from ${url.href} within ${timeoutMs} ms` : `${url.href}: ${error.message}`);
});
