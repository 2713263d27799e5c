import { Controller, Get, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { currentTelemetry } from './telemetry';

/** Prometheus text format on the process's own port (the exporter runs no server of its own). */
@Controller()
export class MetricsController {
  @Get('metrics')
  scrape(@Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    const prometheus = currentTelemetry().prometheus;
    if (!prometheus) {
      res.statusCode = 404;
      res.end('telemetry is disabled (OTEL_SDK_DISABLED=true)\n');
      return;
    }
    prometheus.getMetricsRequestHandler(req, res);
  }
}
