import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery, ApiResponse, ApiTags, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import type { Response } from 'express';
import { BatchResultDto, DeliveryDto } from '../ingest/delivery.dto';
import { retryAfterSeconds } from '../http/ingest-error.filter';
import type { IngestBody } from '../http/ingest-body';
import { IngestService, NUMBERS } from '../ingest/ingest.service';
import { NumberDto } from './number.dto';

@ApiTags('numbers')
@ApiExtraModels(NumberDto)
@Controller('numbers')
export class NumbersController {
  constructor(private readonly ingest: IngestService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiConsumes('application/json', 'text/plain')
  @ApiBody({ type: NumberDto, description: 'JSON, or a text/plain body holding one decimal number' })
  @ApiQuery({ name: 'series', required: false, description: 'Series and key, for a text/plain body' })
  @ApiQuery({ name: 'partition', required: false, description: 'Pins the partition, for a text/plain body' })
  @ApiResponse({ status: 201, type: DeliveryDto, description: 'Acknowledged by the broker (acks=all)' })
  @ApiResponse({ status: 400, description: 'Bad input; `field` names the culprit. Nothing was written' })
  @ApiResponse({ status: 413, description: 'Record or body over the size limit' })
  @ApiResponse({ status: 415, description: 'Unsupported Content-Type' })
  @ApiResponse({ status: 429, description: "The producer's buffer is full: not stored, retry after `Retry-After` seconds" })
  @ApiResponse({ status: 503, description: 'Kafka unavailable or too slow: not stored, retry later' })
  publish(@Body() body: IngestBody): Promise<DeliveryDto> {
    return this.ingest.one(NUMBERS, body);
  }

  @Post('batch')
  @ApiConsumes('application/json', 'application/x-ndjson', 'text/plain')
  @ApiBody({ schema: { type: 'array', items: { $ref: getSchemaPath(NumberDto) } }, description: 'JSON array, NDJSON (one object a line) or text/plain (one decimal a line)' })
  @ApiQuery({ name: 'series', required: false, description: 'Series and key, applied to every line of a text/plain body' })
  @ApiQuery({ name: 'partition', required: false, description: 'Pins the partition, applied to every line of a text/plain body' })
  @ApiResponse({ status: 201, type: BatchResultDto, description: 'Every entry stored' })
  @ApiResponse({ status: 207, type: BatchResultDto, description: 'Some entries stored; see `results`' })
  @ApiResponse({ status: 400, type: BatchResultDto, description: 'Every entry refused' })
  @ApiResponse({ status: 429, type: BatchResultDto, description: "Nothing stored: the producer's buffer is full, retry after `Retry-After` seconds" })
  @ApiResponse({ status: 503, type: BatchResultDto, description: 'Nothing stored: Kafka unavailable' })
  async publishBatch(@Body() batch: IngestBody, @Res({ passthrough: true }) res: Response): Promise<BatchResultDto> {
    const { status, body } = await this.ingest.many(NUMBERS, batch);
    res.status(status);
    const retryAfter = retryAfterSeconds(status);
    if (retryAfter) res.setHeader('Retry-After', retryAfter);
    return body;
  }
}
