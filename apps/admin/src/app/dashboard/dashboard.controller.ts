import { Body, Controller, Get, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DashboardDeps } from './dashboard-deps';
import { DashboardEvents } from './dashboard-events.service';
import { IngestProxy, type Forwarded } from './ingest-proxy.service';
import { SendLineDto, SendNumberDto } from './send.dto';

const ASSET_TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'chart.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
};

/** The page's files: next to the bundle once built (webpack copies src/assets), in src/assets when run from source. */
export function assetsDir(): string {
  const candidates = [join(__dirname, 'assets', 'dashboard'), join(__dirname, '..', '..', 'assets', 'dashboard')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

/**
 * The page (GET /, its files under /dashboard/assets), its event stream and its "send" form.
 * The form's two POSTs are mutations like any other here: with ADMIN_TOKEN set they need the
 * bearer token and they are rate-limited, since they let whoever reaches the admin port write
 * to Kafka through ingest-producer, which may itself be reachable only from inside. Without
 * ADMIN_TOKEN the service listens on loopback only and the form needs no token.
 */
@ApiTags('dashboard')
@Controller()
export class DashboardController {
  private readonly dir = assetsDir();

  constructor(
    private readonly events: DashboardEvents,
    private readonly ingest: IngestProxy,
    private readonly deps: DashboardDeps,
  ) {}

  @Get()
  @ApiExcludeEndpoint()
  page(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(this.dir, 'index.html'));
  }

  @Get('dashboard/assets/:file')
  @ApiExcludeEndpoint()
  asset(@Param('file') file: string, @Res() res: Response): void {
    const type = ASSET_TYPES[file];
    if (!type) throw new NotFoundException(`no dashboard asset "${file}"`);
    res.setHeader('Cache-Control', 'no-cache');
    res.type(type).sendFile(join(this.dir, file));
  }

  @Get('dashboard/config')
  @ApiOperation({ summary: 'What the page needs to know: whether sending needs the admin token' })
  config(): { tokenRequired: boolean } {
    return { tokenRequired: Boolean(this.deps.env.ADMIN_TOKEN) };
  }

  @Get('dashboard/events')
  @ApiOperation({ summary: 'Server-sent events: "stream" (latest lines, alerts, series, top words; sampled) and "overview" (topics, groups, DLQs, health)' })
  stream(@Res() res: Response): void {
    this.events.attach(res);
  }

  @Post('dashboard/send/line')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Send a line to text-lines through ingest-producer (INGEST_URL); its answer is passed on' })
  @ApiResponse({ status: 201, description: 'The broker acknowledged the record' })
  @ApiResponse({ status: 502, description: 'ingest-producer did not answer' })
  async sendLine(@Body() dto: SendLineDto, @Res() res: Response): Promise<void> {
    this.reply(res, await this.ingest.post('/lines', { text: dto.text }));
  }

  @Post('dashboard/send/number')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Send a number to numbers through ingest-producer (INGEST_URL); its answer is passed on' })
  @ApiResponse({ status: 201, description: 'The broker acknowledged the record' })
  @ApiResponse({ status: 502, description: 'ingest-producer did not answer' })
  async sendNumber(@Body() dto: SendNumberDto, @Res() res: Response): Promise<void> {
    this.reply(res, await this.ingest.post('/numbers', { value: dto.value, ...(dto.series !== undefined && { series: dto.series }) }));
  }

  private reply(res: Response, forwarded: Forwarded): void {
    res.status(forwarded.status);
    if (typeof forwarded.body === 'string') res.type('text/plain').send(forwarded.body);
    else res.json(forwarded.body);
  }
}
