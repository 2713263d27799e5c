// Mints an HS256 token for local use: node scripts/sign-token.js <user-id> [ttl, default 1h]
// Extra claims as JSON in TOKEN_CLAIMS, e.g. for the queue admin (ADMIN_PORT, /admin/queues):
// TOKEN_CLAIMS='{"roles":["admin"],"aud":"health-sync-queue-admin"}' (the admin's own audience).
const { SignJWT } = require('jose');

const [userId = 'local-user', ttl = '1h'] = process.argv.slice(2);
const secret = process.env.JWT_SECRET;
if (!secret) {
  console.error('JWT_SECRET is required');
  process.exit(1);
}
new SignJWT(JSON.parse(process.env.TOKEN_CLAIMS || '{}'))
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject(userId)
  .setIssuedAt()
  .setExpirationTime(ttl)
  .sign(new TextEncoder().encode(secret))
  .then((token) => console.log(token));
