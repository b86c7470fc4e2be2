import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { StackHealthService } from './stack-health.service';

@ApiTags('stack')
@Controller('stack/health')
export class StackHealthController {
  constructor(private readonly stack: StackHealthService) {}

  @Get()
  @ApiOperation({ summary: 'Health of the broker and of ingest-producer, word-count and rolling-mean in one answer' })
  @ApiResponse({ status: 200, description: 'Everything is up' })
  @ApiResponse({ status: 503, description: 'Something is down; the body says what' })
  async health(@Res() res: Response): Promise<void> {
    const health = await this.stack.check();
    res.status(health.status === 'up' ? 200 : 503).json(health);
  }
}
