import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { TOPIC_NAMES } from '@kstream/kafka';
import type { TopicNames } from '@kstream/contracts-core';
import { INGEST_ENV } from '../config/ingest.tokens';
import type { IngestEnv } from '../config/ingest.env';
import { errorResponse, isIngestError } from '../http/ingest-error.filter';
import { IngestMetrics } from '../metrics/ingest.metrics';
import { IngestBusyError, KafkaUnavailableError, RecordTooLargeError } from '@kstream/ingest-data-access-producer';
import { ProducerService } from '../producer/producer.service';
import { lineRecord, numberRecord, recordBytes, type BuiltRecord } from '@kstream/ingest-data-access-producer';
import type { LineDto } from '../lines/line.dto';
import type { NumberDto } from '../numbers/number.dto';
import type { BatchEntryResultDto, BatchResultDto, DeliveryDto } from './delivery.dto';
import type { IngestBody } from '../http/ingest-body';
import { LINE_READER, NUMBER_READER, type Entry, type EntryReader } from './entry-reader';

interface Kind<T extends object> {
  readonly topic: (topics: TopicNames) => string;
  readonly reader: EntryReader<T>;
  /** `producedAt`: the ISO time of the request, shared by all its records. */
  readonly build: (dto: T, producedAt: string) => BuiltRecord;
  /** The field a too-large record is blamed on. */
  readonly field: string;
}

export const LINES: Kind<LineDto> = { topic: (t) => t.textLines, reader: LINE_READER, build: (dto, producedAt) => lineRecord(dto, producedAt), field: 'text' };
export const NUMBERS: Kind<NumberDto> = { topic: (t) => t.numbers, reader: NUMBER_READER, build: (dto, producedAt) => numberRecord(dto, producedAt), field: 'value' };

/** From validated input to acknowledged records, for single and batch requests alike. */
@Injectable()
export class IngestService {
  constructor(
    private readonly producer: ProducerService,
    @Inject(TOPIC_NAMES) private readonly topics: TopicNames,
    @Inject(INGEST_ENV) private readonly env: IngestEnv,
    private readonly metrics: IngestMetrics,
  ) {}

  async one<T extends object>(kind: Kind<T>, body: IngestBody): Promise<DeliveryDto> {
    const topic = kind.topic(this.topics);
    try {
      const { delivery, valueBytes } = await this.send(kind, topic, await kind.reader.one(body), new Date().toISOString());
      this.metrics.stored(topic, valueBytes);
      return delivery;
    } catch (error) {
      if (error instanceof KafkaUnavailableError || error instanceof IngestBusyError) this.metrics.failed(topic);
      else this.metrics.refused(topic);
      throw error;
    }
  }

  async many<T extends object>(kind: Kind<T>, batch: IngestBody): Promise<{ status: number; body: BatchResultDto }> {
    const topic = kind.topic(this.topics);
    let entries: Entry<T>[];
    try {
      entries = await kind.reader.many(batch);
    } catch (error) {
      this.metrics.refused(topic);
      throw error;
    }
    const producedAt = new Date().toISOString();
    const tally = { stored: 0, refused: 0, failed: 0, busy: 0, valueBytes: 0 };
    // All entries are handed to the producer at once, so they share as few sendBatch calls as the bounds allow.
    const results = await Promise.all(entries.map((entry) => this.entryResult(kind, topic, entry, producedAt, tally)));
    const body: BatchResultDto = { topic, stored: tally.stored, refused: tally.refused, failed: tally.failed, results };
    // Metrics per request, not per record: a label lookup per record is measurable at batch rates.
    this.metrics.storedMany(topic, tally.stored, tally.valueBytes);
    this.metrics.refused(topic, body.refused);
    this.metrics.failed(topic, body.failed);
    return { status: batchStatus(body, tally.busy), body };
  }

  private entryResult<T extends object>(kind: Kind<T>, topic: string, entry: Entry<T>, producedAt: string, tally: Tally): BatchEntryResultDto | Promise<BatchEntryResultDto> {
    if ('refusal' in entry) {
      tally.refused += 1;
      return { index: entry.index, status: 'refused', ...entry.refusal };
    }
    return this.send(kind, topic, entry.dto, producedAt).then(
      ({ delivery: { partition, offset, id }, valueBytes }): BatchEntryResultDto => {
        tally.stored += 1;
        tally.valueBytes += valueBytes;
        return { index: entry.index, status: 'stored', partition, offset, id };
      },
      (error: unknown): BatchEntryResultDto => {
        if (isIngestError(error)) {
          const { status, body } = errorResponse(error);
          // 503 and 429 were not the entry's fault: the same entry may be sent again.
          const failed = status === 503 || status === 429;
          if (status === 429) tally.busy += 1;
          if (failed) tally.failed += 1;
          else tally.refused += 1;
          return { index: entry.index, status: failed ? 'failed' : 'refused', statusCode: status, field: body['field'] as string | undefined, error: error.message };
        }
        throw error;
      },
    );
  }

  /** Not async: a batch makes one of these per entry, and each async frame is a promise more. */
  private send<T extends object>(kind: Kind<T>, topic: string, dto: T, producedAt: string): Promise<{ delivery: DeliveryDto; valueBytes: number }> {
    let record: BuiltRecord;
    try {
      record = kind.build(dto, producedAt);
    } catch (error) {
      return Promise.reject(error);
    }
    const bytes = recordBytes(record);
    if (bytes > this.env.INGEST_MAX_RECORD_BYTES) {
      return Promise.reject(
        new RecordTooLargeError(`${kind.field}: the record has ${bytes} bytes, over the limit of ${this.env.INGEST_MAX_RECORD_BYTES} (INGEST_MAX_RECORD_BYTES)`, kind.field),
      );
    }
    const { id, value } = record;
    return this.producer
      .publish({ topic, key: record.key, value, headers: record.headers, partition: record.partition }, bytes)
      .then((delivery) => ({ delivery: { topic: delivery.topic, partition: delivery.partition, offset: delivery.offset, id }, valueBytes: value.length }));
  }
}

interface Tally {
  stored: number;
  refused: number;
  failed: number;
  /** Of the failed, those refused because the producer's buffer was full. */
  busy: number;
  valueBytes: number;
}

/** 201 all stored, 207 some stored, otherwise the status that tells the caller what to do (429: slow down; 503: Kafka is away). */
function batchStatus(result: BatchResultDto, busy: number): number {
  if (result.stored === result.results.length) return HttpStatus.CREATED;
  if (result.stored > 0) return HttpStatus.MULTI_STATUS;
  if (result.failed > 0) return busy === result.failed ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
  return HttpStatus.BAD_REQUEST;
}
