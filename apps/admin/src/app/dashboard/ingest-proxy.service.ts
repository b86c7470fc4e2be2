import { Inject, Injectable } from '@nestjs/common';
import { errorMessage } from '@kstream/kafka';
import { DashboardDeps } from './dashboard-deps';
import { DASHBOARD_SETTINGS, type DashboardSettings } from './dashboard.settings';

export interface Forwarded {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Forwards the page's "send" form to ingest-producer (INGEST_URL), so the page needs no
 * CORS from ingest and the browser talks to one origin. The answer is passed on as is:
 * 201 means the broker acknowledged the record.
 */
@Injectable()
export class IngestProxy {
  constructor(
    private readonly deps: DashboardDeps,
    @Inject(DASHBOARD_SETTINGS) private readonly settings: DashboardSettings,
  ) {}

  async post(path: '/lines' | '/numbers', body: object): Promise<Forwarded> {
    const url = `${this.deps.env.INGEST_URL.replace(/\/+$/, '')}${path}`;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.ingestTimeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: pass the text on.
      }
      return { status: res.status, body: parsed };
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      const why = cause ? `${errorMessage(error)}: ${errorMessage(cause)}` : errorMessage(error);
      return { status: 502, body: { statusCode: 502, error: 'Bad Gateway', message: `ingest-producer at ${url} did not answer (${why})` } };
    }
  }
}
