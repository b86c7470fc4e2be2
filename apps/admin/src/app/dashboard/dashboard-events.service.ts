import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import { errorMessage } from '@kstream/kafka';
import { outsideRequest } from '@kstream/observability';
import { DashboardDeps } from './dashboard-deps';
import { DashboardFeed } from './dashboard-feed.service';
import { DashboardOverview, type Overview } from './dashboard-overview.service';
import { DASHBOARD_SETTINGS, type DashboardSettings } from './dashboard.settings';

/** A page that has this much unsent data is skipped until it catches up. */
const SLOW_CLIENT_BYTES = 1 << 20;
const HEARTBEAT_MS = 15_000;

/**
 * The open pages (server-sent events). While one is open the feed reads and two timers
 * push: the folded records every pushIntervalMs when something changed (sampling: a page
 * never gets one message per record), the overview every overviewIntervalMs.
 */
@Injectable()
export class DashboardEvents implements OnModuleDestroy {
  private readonly logger = new Logger('admin');
  private readonly clients = new Set<Response>();
  private timers: NodeJS.Timeout[] = [];
  private idleTimer?: NodeJS.Timeout;
  private overview?: Overview;
  private reading?: Promise<void>;

  constructor(
    private readonly feed: DashboardFeed,
    private readonly overviews: DashboardOverview,
    @Inject(DASHBOARD_SETTINGS) private readonly settings: DashboardSettings,
    private readonly deps: DashboardDeps,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  attach(res: Response): void {
    // Each open page holds a connection and gets every push: a bounded number, and a clear answer past it.
    const max = this.deps.env.DASHBOARD_MAX_CLIENTS;
    if (this.clients.size >= max) {
      res.setHeader('Retry-After', '10');
      res.status(503).json({ statusCode: 503, error: 'Service Unavailable', message: `the dashboard's event stream already serves ${max} pages (DASHBOARD_MAX_CLIENTS): retry later` });
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: 2000\n\n`);
    this.clients.add(res);
    res.on('close', () => this.detach(res));
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;

    // The reader and the timers serve every client and outlive this request: their log lines are not its.
    void outsideRequest(() => this.feed.start()).then(() => {
      if (this.clients.has(res)) this.send(res, 'stream', this.feed.state.update(true));
    });
    if (this.overview) this.send(res, 'overview', this.overview);
    if (this.timers.length === 0) outsideRequest(() => this.startTimers());
  }

  private detach(res: Response): void {
    this.clients.delete(res);
    if (this.clients.size > 0) return;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.clients.size === 0) void this.feed.stop();
    }, this.settings.idleStopMs);
    this.idleTimer.unref();
  }

  private startTimers(): void {
    const push = setInterval(() => {
      if (this.feed.running && this.feed.state.dirty) this.broadcast('stream', this.feed.state.update());
    }, this.settings.pushIntervalMs);
    const overview = setInterval(() => {
      // A reader that could not start (broker away) is tried again at this pace.
      if (!this.feed.running) void this.feed.start();
      void this.refreshOverview();
    }, this.settings.overviewIntervalMs);
    const heartbeat = setInterval(() => {
      for (const res of this.clients) res.write(`: keep-alive\n\n`);
    }, HEARTBEAT_MS);
    this.timers = [push, overview, heartbeat];
    for (const t of this.timers) t.unref();
    void this.refreshOverview();
  }

  /** One overview read at a time; a page that opens meanwhile gets the result too. */
  private refreshOverview(): Promise<void> {
    this.reading ??= this.overviews
      .read()
      .then((overview) => {
        this.overview = overview;
        this.broadcast('overview', overview);
      })
      .catch((error: unknown) => this.logger.warn(`dashboard overview not read: ${errorMessage(error)}`))
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private broadcast(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of this.clients) if (res.writableLength < SLOW_CLIENT_BYTES) res.write(frame);
  }

  private send(res: Response, event: string, data: unknown): void {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the open pages before the HTTP server closes (it would wait for them), then stops reading. */
  async onModuleDestroy(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    clearTimeout(this.idleTimer);
    for (const res of this.clients) res.end();
    this.clients.clear();
    await this.reading;
    await this.feed.stop();
  }
}
