import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry } from './health.registry';
import { SERVICE_NAME } from './observability.tokens';

/**
 * Health for orchestrators, as Kubernetes probes expect it:
 * - `/health/live`: the process works (it answered); 200 through a broker outage, so a liveness
 *   probe does not restart an app that is only waiting for Kafka;
 * - `/health/ready` (and `/health`): its Kafka parts are connected and, for the processors,
 *   consuming (in the group, not restoring, polling); 503 otherwise, so a readiness probe takes it
 *   out of the load balancer and `docker compose` waits for it.
 */
@Controller('health')
export class HealthController {
  private readonly started = Date.now();

  constructor(
    private readonly registry: HealthRegistry,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  @Get()
  health(@Res() res: Response): Promise<void> {
    return this.ready(res);
  }

  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const { ok, checks } = await this.registry.evaluate();
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ service: this.service, status: ok ? 'up' : 'down', checks });
  }

  @Get('live')
  live(): { service: string; status: 'up'; uptimeSeconds: number } {
    return { service: this.service, status: 'up', uptimeSeconds: Math.round((Date.now() - this.started) / 1000) };
  }
}
