import { keyText, parseJson } from '../common/payload';
import { headerString, toBuffer, type RawHeaderValue } from '../common/raw-record';
import { validateContract } from '../common/validate';
import { describeParties, type TopicContract } from '../contract';
import { DLQ_HEADERS } from '../headers';
import { TOPICS, type TopicKey, type TopicNames } from '../topics';
import { publishedSchemaProblem } from './published-schema';

/** A record as read back from a topic, in whatever form the reading client gives it. */
export interface PublishedRecord {
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
  readonly topic: TopicKey;

  constructor(
    contract: TopicContract,
    readonly field: string,
    readonly problem: string,
  ) {
    super(
      `record on topic ${TOPICS[contract.topic]} (contract v${contract.version}) breaks its contract at field "${field}": ${problem} (${describeParties(contract)})`,
    );
    this.name = 'ContractMismatchError';
    this.topic = contract.topic;
  }
}

type Fail = (field: string, problem: string) => never;

function checkHeaders(record: PublishedRecord, contract: TopicContract, fail: Fail): void {
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

function checkValue(record: PublishedRecord, contract: TopicContract, fail: Fail): Record<string, unknown> | undefined {
  const { value } = contract;
  if (value.kind === 'bytes') return undefined;
  if (value.kind === 'text-or-json') {
    const result = value.decode({ key: record.key, value: record.value, headers: record.headers });
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
  return validated.value as Record<string, unknown>;
}

/**
 * Checks a record an app published against the contract of its topic: key, value and headers,
 * plus the rules that tie them together (a key that must equal a value field, the contract's
 * value rules, the origin of a dead letter), and the published JSON Schema of the topic. Throws a
 * ContractMismatchError naming the topic, the field and the apps that write and read the topic.
 *
 * The contract is passed in, not looked up, so a test depends only on the contracts of the
 * topics it checks (and `nx affected` follows that).
 */
export function expectRecordMatchesContract(contract: TopicContract, record: PublishedRecord, options: ContractCheckOptions = {}): void {
  const fail: Fail = (field, problem) => {
    throw new ContractMismatchError(contract, field, problem);
  };

  const key = keyText({ key: record.key, value: null });
  if (contract.key.required && key === undefined) fail('key', 'the key is missing or not UTF-8');
  checkHeaders(record, contract, fail);
  const value = checkValue(record, contract, fail);

  if (value && contract.key.equalsField && value[contract.key.equalsField] !== key) {
    fail('key', `the key "${key}" differs from value.${contract.key.equalsField} "${String(value[contract.key.equalsField])}"`);
  }
  for (const rule of value ? (contract.rules ?? []) : []) {
    const problem = rule.check(value as Record<string, unknown>);
    if (problem !== undefined) fail(rule.field, problem);
  }
  if (contract.deadLetterOf) {
    const source = headerString(record.headers, DLQ_HEADERS.sourceTopic);
    const names = options.names ?? TOPICS;
    const expected = [contract.deadLetterOf, ...(contract.alsoDeadLetterOf ?? [])].map((key) => names[key]);
    if (source === undefined || !expected.includes(source)) fail(`headers.${DLQ_HEADERS.sourceTopic}`, `"${source}" is not ${expected.join(' or ')}`);
  }
  const published = publishedSchemaProblem(contract, record);
  if (published) fail(published.field, published.problem);
}

/** A checker for the records of several topics, each by its topic key. */
export function contractChecker(...contracts: readonly TopicContract[]) {
  const byTopic = new Map<TopicKey, TopicContract>(contracts.map((c) => [c.topic, c]));
  return (topic: TopicKey, record: PublishedRecord, options: ContractCheckOptions = {}): void => {
    const contract = byTopic.get(topic);
    if (!contract) throw new Error(`no contract given for topic ${TOPICS[topic]}`);
    expectRecordMatchesContract(contract, record, options);
  };
}
