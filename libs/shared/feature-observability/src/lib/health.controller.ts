import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry } from './health.registry';
import { SERVICE_NAME } from './observability.tokens';

@Controller('health')
export class HealthController {
  constructor(
    private readonly registry: HealthRegistry,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  @Get()
  async health(@Res() res: Response): Promise<void> {
    const { ok, checks } = await this.registry.evaluate();
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ service: this.service, status: ok ? 'up' : 'down', checks });
  }
}
