import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { Request, Response, NextFunction } from 'express';
import { IngestMetrics } from '../metrics/ingest.metrics';

const ERROR_KINDS: Record<number, string> = {
  400: 'invalid-input',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'busy',
  503: 'unavailable',
};

@Injectable()
export class RequestMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: IngestMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The matched route, not the raw URL, so query strings cannot blow up the label set.
      const route = `${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? ''}` || 'unmatched';
      this.metrics.request(req.method, route, res.statusCode, seconds);
      if (res.statusCode >= 400) this.metrics.error(ERROR_KINDS[res.statusCode] ?? (res.statusCode >= 500 ? 'internal' : 'client'));
    });
    next();
  }
}
