import { ApiConfig } from '@app/config';
import { SYNC_QUEUE } from '@app/queue';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { ExpressAdapter as NestExpressAdapter } from '@nestjs/platform-express';
import type { Queue } from 'bullmq';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { hasAdminClaim } from './admin-claim';
import { AdminTokenVerifier, InvalidAdminTokenError } from './admin-token';

export const QUEUE_ADMIN_PATH = '/admin/queues';

/**
 * What the admin shows of a job's data: which ledger row it is for, never the chunk's rows nor the
 * user's id (an operator follows a chunk by its ledger id; `npm run chunks` tells the user's hash).
 */
export function adminJobView(data: unknown): Record<string, unknown> {
  const d = (data ?? {}) as Record<string, unknown>;
  const view: Record<string, unknown> = {};
  for (const key of ['chunkId', 'dataType', 'chunkIndex', 'revision', 'isFinal']) if (key in d) view[key] = d[key];
  // An older version's job may still hold the whole chunk: never shown.
  view.payload = 'in the ledger';
  return view;
}

/**
 * bull-board on its own listener (ADMIN_HOST:ADMIN_PORT), never on the public one: the load
 * balancer forwards only PORT. Read-only: every action route (retry, clean, empty, obliterate,
 * pause, add) answers 405; writes go through `npm run chunks`, which repairs the ledger with them.
 * It is Express middleware, so the admin-token check runs before it on every request (page, assets
 * and its JSON API): 401 without a valid admin-audience token, 403 without the admin claim.
 * Returns null when ADMIN_PORT is 0 (no admin at all).
 */
export async function startQueueAdmin(app: INestApplication, logger: LoggerService): Promise<Server | null> {
  const config = app.get(ApiConfig);
  const { port, host, audience } = config.queueAdmin;
  if (port === 0 || !audience) return null;
  const verifier = new AdminTokenVerifier(config, audience);
  const queue = app.get<Queue>(getQueueToken(SYNC_QUEUE), { strict: false });

  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_ADMIN_PATH);
  const adapter = new BullMQAdapter(queue, { readOnlyMode: true, allowRetries: false });
  adapter.setFormatter('data', adminJobView);
  adapter.setFormatter('returnValue', () => ({}));
  createBullBoard({ queues: [adapter], serverAdapter: board });

  const requireAdmin = async (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
    const deny = (status: number, message: string) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      if (status === 401) res.setHeader('www-authenticate', 'Bearer');
      res.end(JSON.stringify({ statusCode: status, message }));
    };
    try {
      const claims = await verifier.claimsFrom(req.headers.authorization);
      if (!hasAdminClaim(claims, config.queueAdmin.claim, config.queueAdmin.value)) return deny(403, 'admin role required');
      next();
    } catch (err) {
      if (err instanceof InvalidAdminTokenError) return deny(401, err.message);
      next(err);
    }
  };
  // An Express app of its own (through Nest's adapter, the Express the API already runs on).
  const admin = new NestExpressAdapter();
  admin.use(QUEUE_ADMIN_PATH, requireAdmin, board.getRouter());
  const server = await new Promise<Server>((resolve, reject) => {
    const s: Server = admin
      .getInstance<{ listen: (port: number, host: string, ready: () => void) => Server }>()
      .listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  // The public listener's shutdown decides when the process exits; this one never keeps it alive.
  server.unref();
  logger.log(`queue admin (read-only) on ${host}:${port}${QUEUE_ADMIN_PATH}`);
  return server;
}
