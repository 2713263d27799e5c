import { ApiConfig } from '@app/config';
import { SYNC_QUEUE } from '@app/queue';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidTokenError, JwtVerifier } from '../auth/jwt-verifier.service';
import { hasAdminClaim } from './admin-claim';

export const QUEUE_ADMIN_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues: inspect, retry and clean the sync queue's jobs. It is Express
 * middleware, so Nest guards never run on it; the check below runs before it on every request
 * (page, assets and its JSON API): 401 without a valid token, 403 without the admin claim.
 */
export function mountQueueAdmin(app: INestApplication): void {
  const config = app.get(ApiConfig);
  const verifier = app.get(JwtVerifier, { strict: false });
  const queue = app.get<Queue>(getQueueToken(SYNC_QUEUE), { strict: false });

  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_ADMIN_PATH);
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter: board });

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
      if (err instanceof InvalidTokenError) return deny(401, err.message);
      next(err);
    }
  };
  app.use(QUEUE_ADMIN_PATH, requireAdmin, board.getRouter());
}
