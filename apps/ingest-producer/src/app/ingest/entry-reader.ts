import { BadRequestException, HttpException, UnsupportedMediaTypeException, ValidationPipe, type Type } from '@nestjs/common';
import { parseDecimal } from '@kstream/contract-numbers';
import { describeValidationErrors, shapeViolation } from '@kstream/contracts-core';
import type { IngestBody } from '../http/ingest-body';
import { dropTrailingNewline } from '@kstream/ingest-data-access-producer';
import { LineDto } from '../lines/line.dto';
import { NumberDto } from '../numbers/number.dto';
import { fastLine, fastNumber, type FastCheck } from './fast-check';

export interface Refusal {
  readonly statusCode: number;
  readonly field?: string;
  readonly error: string;
}

export type Entry<T> = { readonly index: number; readonly dto: T } | { readonly index: number; readonly refusal: Refusal };

/** 400 with the field at fault first, then every problem found. */
export const ingestValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  exceptionFactory: (errors) => {
    const problems = describeValidationErrors(errors);
    return new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: problems.map((p) => p.message).join('; '),
      field: problems[0]?.field,
      errors: problems,
    });
  },
});

/**
 * Turns a body into validated entries: one for POST /lines and /numbers, many for /batch.
 * JSON goes through the ValidationPipe (after a fast check for valid entries, fast-check.ts);
 * text is the topic's raw form (a line, a decimal).
 */
export class EntryReader<T extends object> {
  constructor(
    private readonly dto: Type<T>,
    private readonly fromText: (line: string) => object,
    private readonly shape: string,
    private readonly fastCheck: FastCheck<T>,
  ) {}

  async one(body: IngestBody): Promise<T> {
    switch (body.kind) {
      case 'text':
        return this.check({ ...queryFields(body.params), ...this.fromText(dropTrailingNewline(body.text)) });
      case 'json':
        return this.check(body.value);
      case 'ndjson':
        throw new UnsupportedMediaTypeException('NDJSON carries several records: send it to the /batch endpoint');
    }
  }

  async many(body: IngestBody): Promise<Entry<T>[]> {
    const plains = this.entries(body);
    if (plains.length === 0) throw new BadRequestException('the batch is empty');
    const entries: Entry<T>[] = new Array(plains.length);
    for (let index = 0; index < plains.length; index += 1) {
      try {
        const plain = plains[index];
        const value = typeof plain === 'function' ? plain() : plain;
        // Valid entries take the synchronous check; only the others wait for the pipe.
        const dto = isObject(value) ? this.fastCheck(value) : undefined;
        entries[index] = { index, dto: dto ?? (await this.validate(value)) };
      } catch (error) {
        entries[index] = { index, refusal: refusalOf(error) };
      }
    }
    return entries;
  }

  /** A function stands for an entry that is already known to be bad, so it is refused in place. */
  private entries(body: IngestBody): unknown[] {
    switch (body.kind) {
      case 'json':
        if (!Array.isArray(body.value)) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `expected a JSON array of ${this.shape}` });
        return body.value;
      case 'ndjson':
        return body.lines.map((line) => (line.ok ? line.value : () => { throw new BadRequestException(line.error); }));
      case 'text': {
        const lines = body.text.split('\n');
        if (lines.at(-1) === '') lines.pop();
        const params = queryFields(body.params);
        return lines.map((line) => () => ({ ...params, ...this.fromText(line.endsWith('\r') ? line.slice(0, -1) : line) }));
      }
    }
  }

  private check(plain: unknown): Promise<T> {
    const dto = isObject(plain) ? this.fastCheck(plain) : undefined;
    return dto ? Promise.resolve(dto) : this.validate(plain);
  }

  private async validate(plain: unknown): Promise<T> {
    if (!isObject(plain)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `expected a JSON object ${this.shape}` });
    }
    // Deep nesting would overflow the pipe's stack (a 500) and "__proto__" would pass it unseen.
    const shape = shapeViolation(plain);
    if (shape) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: shape.message, field: shape.field });
    return (await ingestValidationPipe.transform(plain, { type: 'body', metatype: this.dto })) as T;
  }
}

/**
 * Query parameters of a text body (`?key=k&partition=1`) as DTO fields. Only `partition` is
 * converted, and only when it is a plain integer, so `?partition=x` still fails validation
 * on `partition` and an unknown parameter is refused like an unknown JSON field.
 */
function queryFields(params: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...params };
  const partition = fields['partition'];
  if (typeof partition === 'string' && /^\d+$/.test(partition)) fields['partition'] = Number(partition);
  return fields;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refusalOf(error: unknown): Refusal {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const body = typeof response === 'object' ? (response as { message?: unknown; field?: string }) : { message: response };
    const message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? error.message);
    return { statusCode: error.getStatus(), field: body.field, error: message };
  }
  throw error;
}

export const LINE_READER = new EntryReader(LineDto, (text) => ({ text }), '{"text", "key"?, "partition"?, "id"?}', fastLine);

export const NUMBER_READER = new EntryReader(
  NumberDto,
  (text) => {
    const parsed = parseDecimal(text);
    if (!parsed.ok) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `value: ${parsed.violation.message}`, field: 'value' });
    return { value: parsed.value };
  },
  '{"value", "series"?, "partition"?, "id"?}',
  fastNumber,
);
