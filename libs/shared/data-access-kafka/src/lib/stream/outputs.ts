import { gzipSync } from 'node:zlib';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { dlqHeaders } from '@kstream/contracts-core';
import { COMPRESS_OVER_BYTES } from './record-size';
import type { InputRecord, OutputMessage, TaskOutcome } from './stream-task';

/**
 * Below the broker's default message.max.bytes (1 MB + 12) with room for headers. A dead
 * letter must fit or its transaction would fail for ever: larger values go gzip-compressed
 * and, when even that is too big, truncated with a `dlq-value-truncated` header.
 */
export const MAX_DLQ_VALUE_BYTES = COMPRESS_OVER_BYTES;

/**
 * Bytes of outputs per sendBatch call. kafkajs puts all messages of a call for one partition into
 * one record batch, and the broker refuses a batch over message.max.bytes (1 MiB by default): a
 * dozen 100 kB results under one key would fail the transaction on every retry.
 */
export const MAX_SEND_BYTES = 512 * 1024;

/** The dead letter of a record: its key, value and headers as they came, the dlq-* headers, and the value cut when even gzip cannot fit it. */
export function deadLetterOf(record: InputRecord, outcome: Extract<TaskOutcome<unknown>, { kind: 'dead-letter' }>, dlqTopic: string, service: string): OutputMessage {
  const origin = { topic: record.topic, partition: record.partition, offset: record.offset };
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(record.headers)) if (value !== undefined) headers[name] = value;
  Object.assign(headers, dlqHeaders(origin, outcome.reason, outcome.error, service));
  let value = record.value;
  if (value && value.length > MAX_DLQ_VALUE_BYTES && gzipSync(value).length > MAX_DLQ_VALUE_BYTES) {
    headers['dlq-value-truncated'] = String(value.length);
    value = value.subarray(0, MAX_DLQ_VALUE_BYTES);
  }
  return { topic: dlqTopic, message: { key: record.key, value, headers, partition: record.partition } };
}

export function toInput(topic: string, partition: number, message: KafkaMessage): InputRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: message.headers ?? {},
    timestamp: message.timestamp,
  };
}

function byteLength(value: Message['value'] | Message['key']): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/** Key, value and header bytes: what counts towards the broker's limit before compression. */
export function messageBytes(message: Message): number {
  let bytes = byteLength(message.value) + byteLength(message.key);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) bytes += Buffer.byteLength(name) + byteLength(item);
  }
  return bytes;
}

/** Consecutive slices of at most `count` messages and, unless one message alone is larger, `bytes` bytes. */
export function chunks(outputs: readonly OutputMessage[], count: number, bytes: number): OutputMessage[][] {
  const result: OutputMessage[][] = [];
  let current: OutputMessage[] = [];
  let size = 0;
  for (const output of outputs) {
    const next = messageBytes(output.message);
    if (current.length > 0 && (current.length >= count || size + next > bytes)) {
      result.push(current);
      current = [];
      size = 0;
    }
    current.push(output);
    size += next;
  }
  if (current.length > 0) result.push(current);
  return result;
}

export function byTopic(outputs: readonly OutputMessage[]): { topic: string; messages: Message[] }[] {
  const grouped = new Map<string, Message[]>();
  for (const { topic, message } of outputs) {
    const list = grouped.get(topic) ?? [];
    list.push(message);
    grouped.set(topic, list);
  }
  return [...grouped].map(([topic, messages]) => ({ topic, messages }));
}
