import { Injectable } from '@nestjs/common';

/** Outcomes that are the server's fault (the rest are answers about the request: bad input, auth, limits). */
const SERVER_ERRORS = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'ERROR']);

export interface OperationTotals {
  operation: string;
  requests: number;
  serverErrors: number;
  clientErrors: number;
  latencyAvgMs: number;
  latencyMaxMs: number;
}

/** GraphQL requests per operation since the last EMF line (Prometheus has the same as histograms). */
@Injectable()
export class OperationStats {
  private window = new Map<string, { requests: number; server: number; client: number; sumMs: number; maxMs: number }>();

  record(operation: string, outcome: string, ms: number) {
    const s = this.window.get(operation) ?? { requests: 0, server: 0, client: 0, sumMs: 0, maxMs: 0 };
    s.requests++;
    if (SERVER_ERRORS.has(outcome)) s.server++;
    else if (outcome !== 'ok') s.client++;
    s.sumMs += ms;
    s.maxMs = Math.max(s.maxMs, ms);
    this.window.set(operation, s);
  }

  /** Totals since the last call, then starts a new interval. */
  take(): OperationTotals[] {
    const taken = [...this.window.entries()].map(([operation, s]) => ({
      operation,
      requests: s.requests,
      serverErrors: s.server,
      clientErrors: s.client,
      latencyAvgMs: Math.round(s.sumMs / s.requests),
      latencyMaxMs: Math.round(s.maxMs),
    }));
    this.window = new Map();
    return taken;
  }
}
