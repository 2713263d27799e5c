import { Controller, Get, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { currentTelemetry } from './telemetry';

const EXACT_PATH = /^\/metrics(\?|$)/;

/** Prometheus text format on the process's own port (the exporter runs no server of its own). */
@Controller()
export class MetricsController {
  @Get('metrics')
  scrape(@Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    // Express matches routes without regard to case; the load balancer's /metrics block does not.
    // Only the exact lower-case path is served, so /METRICS cannot slip past the block.
    if (!EXACT_PATH.test(req.url ?? '')) {
      res.statusCode = 404;
      res.end('not found\n');
      return;
    }
    const prometheus = currentTelemetry().prometheus;
    if (!prometheus) {
      res.statusCode = 404;
      res.end('telemetry is disabled (OTEL_SDK_DISABLED=true)\n');
      return;
    }
    prometheus.getMetricsRequestHandler(req, res);
  }
}
