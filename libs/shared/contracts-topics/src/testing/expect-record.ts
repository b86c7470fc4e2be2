import { TOPIC_CONTRACTS, describeParties, type TopicContract } from '../lib/catalogue/topic-contracts';
import { keyText, parseJson } from '../lib/common/payload';
import { headerString, toBuffer, type RawHeaderValue } from '../lib/common/raw-record';
import { validateContract } from '../lib/common/validate';
import { DLQ_HEADERS } from '../lib/headers';
import { decodeNumber } from '../lib/numbers/number.decode';
import { decodeTextLine } from '../lib/text-lines/text-line.decode';
import { TOPICS, type TopicKey, type TopicNames } from '../lib/topics';

/** A record as read back from a topic, in whatever form the reading client gives it. */
export interface PublishedRecord {
  /** Which topic of the stack (the contract), not its possibly suffixed name. */
  readonly topic: TopicKey;
  readonly key: Buffer | string | null | undefined;
  readonly value: Buffer | string | null | undefined;
  readonly headers?: Record<string, RawHeaderValue>;
}

export interface ContractCheckOptions {
  /** The topic names in use (tests suffix them); DLQ origins are checked against them. */
  readonly names?: TopicNames;
}

/** A record that does not match the contract of its topic. */
export class ContractMismatchError extends Error {
  constructor(
    readonly topic: TopicKey,
    readonly field: string,
    readonly problem: string,
    contract: TopicContract,
  ) {
    super(`record on topic ${TOPICS[topic]} (contract v${contract.version}) breaks its contract at field "${field}": ${problem} (${describeParties(contract)})`);
    this.name = 'ContractMismatchError';
  }
}

function checkHeaders(record: PublishedRecord, contract: TopicContract, fail: (field: string, problem: string) => never): void {
  for (const header of contract.headers) {
    const value = headerString(record.headers, header.name);
    const field = `headers.${header.name}`;
    if (value === undefined || value === '') {
      if (header.required) fail(field, 'the header is missing');
      continue;
    }
    if (header.enum && !header.enum.includes(value)) fail(field, `"${value}" is not one of ${header.enum.join(', ')}`);
    if (header.pattern && !new RegExp(header.pattern).test(value)) fail(field, `"${value}" does not match ${header.pattern}`);
  }
}

function checkValue(record: PublishedRecord, contract: TopicContract, fail: (field: string, problem: string) => never): object | undefined {
  const { value } = contract;
  if (value.kind === 'bytes') return undefined;
  if (value.kind === 'text-or-json') {
    const decode = contract.topic === 'numbers' ? decodeNumber : decodeTextLine;
    const result = decode({ key: record.key, value: record.value, headers: record.headers });
    if (!result.ok) fail(`value${result.violation.field ? `.${result.violation.field}` : ''}`, `${result.violation.reason}: ${result.violation.message}`);
    return undefined;
  }
  const bytes = toBuffer(record.value);
  if (bytes === null || bytes.length === 0) fail('value', 'the record has no value');
  const json = parseJson(bytes.toString('utf8'));
  if (!json.ok) fail('value', json.violation.message);
  const validated = validateContract(value.cls, json.value);
  if (!validated.ok) {
    const { field, message } = validated.violation;
    fail(field ? `value.${field}` : 'value', field ? message.replace(`${field}: `, '') : message);
  }
  return validated.value;
}

/**
 * Checks a record an app published against the contract of its topic: key, value and headers,
 * plus the rules that tie them together (a key that must equal a value field, alerts only on
 * word-alerts, the origin of a dead letter). Throws a ContractMismatchError naming the topic,
 * the field and the apps that write and read the topic.
 */
export function expectRecordMatchesContract(record: PublishedRecord, options: ContractCheckOptions = {}): void {
  const contract: TopicContract = TOPIC_CONTRACTS[record.topic];
  const fail = (field: string, problem: string): never => {
    throw new ContractMismatchError(record.topic, field, problem, contract);
  };

  const key = keyText({ key: record.key, value: null });
  if (contract.key.required && key === undefined) fail('key', 'the key is missing or not UTF-8');
  checkHeaders(record, contract, fail);
  const value = checkValue(record, contract, fail) as Record<string, unknown> | undefined;

  if (value && contract.key.equalsField && value[contract.key.equalsField] !== key) {
    fail('key', `the key "${key}" differs from value.${contract.key.equalsField} "${String(value[contract.key.equalsField])}"`);
  }
  if (record.topic === 'wordAlerts' && value?.['alert'] !== true) fail('value.alert', 'a word-alerts record must have alert = true');
  if (record.topic === 'wordCounts' || record.topic === 'wordAlerts') {
    const { words, threshold, alert } = value as { words: number; threshold: number; alert: boolean };
    if (alert !== words > threshold) fail('value.alert', `alert is ${alert} for ${words} words and threshold ${threshold}`);
  }
  if (record.topic === 'textLinesDlq' || record.topic === 'numbersDlq') {
    const source = headerString(record.headers, DLQ_HEADERS.sourceTopic);
    const expected = (options.names ?? TOPICS)[record.topic === 'textLinesDlq' ? 'textLines' : 'numbers'];
    if (source !== expected) fail(`headers.${DLQ_HEADERS.sourceTopic}`, `"${source}" is not ${expected}`);
  }
}
