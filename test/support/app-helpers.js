// Ports, readiness and tokens for whatever drives the built apps: the e2e suites (through processes.ts
// and graphql-client.ts) and the benchmarks (test/bench/*.mjs load it with createRequire). Plain
// CommonJS, like health-points.js, so both can use the one copy.
const { createServer } = require('node:net');
const { SignJWT } = require('jose');

/** A TCP port nothing listens on right now (the OS picks it), for an app's PORT / WORKER_HEALTH_PORT. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Resolves once `${baseUrl}/health/ready` answers 200. `alive()` (optional) is asked between tries: a
 * process that exited will never be ready, so the wait stops at once with `describe()`'s text.
 */
async function waitReady(baseUrl, { timeoutMs = 30_000, alive = () => true, describe = () => '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`process exited before ready:\n${describe()}`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${baseUrl} not ready after ${timeoutMs} ms:\n${describe()}`);
}

/** An HS256 JWT for `sub`, as the apps verify it (JWT_SECRET); `expiresIn` as jose takes it ('1h', seconds). */
function signToken(sub, secret, expiresIn = '1h') {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

module.exports = { freePort, waitReady, signToken };
