import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse } from 'yaml';
import { TOPIC_CONTRACTS } from '../lib/catalogue/topic-contracts';
import { INTERNAL_TOPICS, TOPIC_SPECS, TOPICS } from '@kstream/contracts-core';
import { breakingChanges, compatibilityProblems } from './compatibility';
import { ASYNCAPI_PATH, contracts, generatedDocuments, snapshotPath, snapshotVersions, SNAPSHOTS_DIR } from './documents';
import { topicSchema, type JsonSchema } from './json-schema';

const root = path.resolve(__dirname, '../../../../..');
const read = (relative: string) => readFileSync(path.join(root, relative), 'utf8');

describe('generated contract documents', () => {
  it.each([...generatedDocuments().keys()])('%s is up to date (npm run contracts:generate)', (relative) => {
    expect(existsSync(path.join(root, relative))).toBe(true);
    expect(read(relative)).toBe(generatedDocuments().get(relative));
  });

  it('has every topic as a channel with its partitions, cleanup policy, key, and the apps that send and receive it', () => {
    const doc = parse(read(ASYNCAPI_PATH)) as {
      channels: Record<string, { address: string; bindings: { kafka: { partitions: number; topicConfiguration: Record<string, string[]> } } }>;
      operations: Record<string, { action: string; channel: { $ref: string }; tags: { name: string }[] }>;
      components: { messages: Record<string, { bindings: { kafka: { key: JsonSchema } }; payload: JsonSchema; headers: JsonSchema }> };
    };
    for (const spec of TOPIC_SPECS) {
      const channel = doc.channels[spec.key];
      expect(channel.address).toBe(TOPICS[spec.key]);
      expect(channel.bindings.kafka.partitions).toBe(spec.partitions);
      expect(channel.bindings.kafka.topicConfiguration['cleanup.policy']).toEqual([spec.cleanupPolicy]);
      const ops = Object.values(doc.operations).filter((o) => o.channel.$ref === `#/channels/${spec.key}`);
      const apps = (action: string) => ops.filter((o) => o.action === action).map((o) => o.tags[0].name.replace('app:', ''));
      expect(apps('send')).toEqual(TOPIC_CONTRACTS[spec.key].producers);
      expect(apps('receive')).toEqual(TOPIC_CONTRACTS[spec.key].consumers);
    }
    for (const message of Object.values(doc.components.messages)) {
      expect(message.bindings.kafka.key).toBeDefined();
      expect(message.headers.type).toBe('object');
    }
  });

  it('tags the internal channels internal and says who they belong to, and no other channel', () => {
    const doc = parse(read(ASYNCAPI_PATH)) as { channels: Record<string, { description: string; tags?: { name: string }[] }> };
    const tagged = Object.keys(doc.channels).filter((key) => doc.channels[key].tags?.some((t) => t.name === 'internal'));
    expect(tagged).toEqual([...INTERNAL_TOPICS]);
    expect(doc.channels['wordCountRepartition'].description).toContain('Internal topic of word-count: never where results are read.');
    expect(doc.channels['rollingMeanRepartition'].description).toContain('Internal topic of rolling-mean: never where results are read.');
    expect(doc.channels['wordTotals'].description).not.toContain('Internal');
  });

  it('is a valid AsyncAPI 3 document for the official parser', async () => {
    const diagnostics = await new Parser().validate(read(ASYNCAPI_PATH));
    // Severity 0 is an error, 1 a warning; 2 (info) and 3 (hint) are advice.
    const problems = diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(problems).toEqual([]);

    // The same check catches a mistake in what the generator writes.
    const broken = await new Parser().validate(read(ASYNCAPI_PATH).replace('partitions: 3', 'partitions: three'));
    expect(broken.filter((d) => d.severity === 0).map((d) => d.message)).toContain('"partitions" property type must be integer');
  }, 60_000);
});

describe('contract compatibility with the released snapshots', () => {
  const files = existsSync(path.join(root, SNAPSHOTS_DIR)) ? readdirSync(path.join(root, SNAPSHOTS_DIR)) : [];

  it.each(contracts().map((c) => [TOPICS[c.topic], c] as const))('%s does not break readers of its released version', (_name, contract) => {
    const snapshots = new Map(
      snapshotVersions(contract, files).map((v) => [v, JSON.parse(read(snapshotPath(contract, v))) as JsonSchema] as const),
    );
    expect(compatibilityProblems(contract, snapshots)).toEqual([]);
  });
});

describe('breakingChanges', () => {
  // The released v1 schema, not the live contract, so these stay true while a contract is being changed.
  const released = JSON.parse(read(snapshotPath(TOPIC_CONTRACTS.wordCounts, 1))) as JsonSchema;
  const edit = (change: (value: JsonSchema) => void): JsonSchema => {
    const copy = JSON.parse(JSON.stringify(released)) as JsonSchema;
    change(copy.properties?.['value'] as JsonSchema);
    return copy;
  };
  const value = (s: JsonSchema) => s.properties as Record<string, JsonSchema>;

  it('finds nothing between a schema and itself', () => {
    expect(breakingChanges(released, JSON.parse(JSON.stringify(released)) as JsonSchema)).toEqual([]);
  });

  it('finds a removed field', () => {
    const next = edit((v) => delete value(v)['threshold']);
    expect(breakingChanges(released, next)).toEqual([expect.objectContaining({ kind: 'removed field', field: 'value.threshold' })]);
  });

  it('finds a new required field', () => {
    const next = edit((v) => {
      value(v)['lang'] = { type: 'string' };
      v.required?.push('lang');
    });
    expect(breakingChanges(released, next)).toEqual([expect.objectContaining({ kind: 'new required field', field: 'value.lang' })]);
  });

  it('finds a new optional field on a closed object, and a field made required', () => {
    const open = edit((v) => (value(v)['lang'] = { type: 'string' }));
    expect(breakingChanges(released, open)).toEqual([expect.objectContaining({ kind: 'new field on a closed object', field: 'value.lang' })]);
    const optional = edit((v) => (v.required = v.required?.filter((r) => r !== 'alert')));
    expect(breakingChanges(optional, released)).toEqual([expect.objectContaining({ kind: 'field became required', field: 'value.alert' })]);
  });

  it('finds a changed type, nested and nullable', () => {
    const next = edit((v) => {
      value(v)['words'] = { type: 'string' };
      value(value(v)['source'])['partition'] = { type: ['integer', 'null'] };
    });
    expect(breakingChanges(released, next).map((c) => [c.kind, c.field])).toEqual([
      ['changed type', 'value.words'],
      ['changed type', 'value.source.partition'],
    ]);
  });

  it('finds a wider bound, which breaks readers, and a narrower one, which breaks outside writers', () => {
    const wider = edit((v) => (value(v)['words'] = { ...value(v)['words'], minimum: undefined }));
    expect(breakingChanges(released, wider).map((c) => [c.kind, c.field, c.detail])).toEqual([['wider bound', 'value.words', 'minimum 0 became none']]);
    // Written only inside the stack: a narrower bound breaks nobody who has not moved with it.
    const narrower = edit((v) => (value(v)['id'] = { ...value(v)['id'], maxLength: 64 }));
    expect(breakingChanges(released, narrower, '', { readers: true, outsideWriters: false })).toEqual([]);
    expect(breakingChanges(released, narrower, '', { readers: true, outsideWriters: true })).toEqual([
      expect.objectContaining({ kind: 'narrower bound', field: 'value.id', detail: 'maxLength none became 64' }),
    ]);
    const format = edit((v) => (value(v)['processedAt'] = { type: 'string', format: 'date' }));
    expect(breakingChanges(released, format).map((c) => [c.kind, c.field, c.detail])).toEqual([['changed bound', 'value.processedAt', 'format date-time became date']]);
    const pattern = edit((v) => (value(v)['processedAt'] = { type: 'string', pattern: '^[0-9T:.Z-]+$' }));
    expect(breakingChanges(released, pattern).map((c) => [c.kind, c.detail])).toEqual([
      ['narrower bound', 'pattern none became ^[0-9T:.Z-]+$'],
      ['wider bound', 'format date-time became none'],
    ]);
  });

  it('judges an input topic both ways, and new enum values of a DLQ header as breaking its readers', () => {
    const numbers = JSON.parse(read(snapshotPath(TOPIC_CONTRACTS.numbers, 1))) as JsonSchema;
    const tighter = JSON.parse(JSON.stringify(numbers).replace('"maxLength":256', '"maxLength":64')) as JsonSchema;
    expect(compatibilityProblems(TOPIC_CONTRACTS.numbers, new Map([[1, tighter]]))).toEqual([
      expect.stringMatching(/^numbers, field "value\.\(NumberEnvelope\)\.series": wider bound \(maxLength 64 became 256\).*written by ingest-producer, admin, any Kafka client; read by rolling-mean/),
    ]);
    const dlq = JSON.parse(read(snapshotPath(TOPIC_CONTRACTS.numbersDlq, 2))) as JsonSchema;
    const fewer = JSON.parse(JSON.stringify(dlq).replace('"processing-failed"', '"empty-value"')) as JsonSchema;
    expect(compatibilityProblems(TOPIC_CONTRACTS.numbersDlq, new Map([[2, fewer]]))).toEqual([expect.stringContaining('"headers.dlq-reason": wider bound (new values processing-failed)')]);
  });

  it('names the topic, the field, the apps and the way out', () => {
    const snapshot = edit((v) => (value(v)['threshold'] = { type: 'string' }));
    const problem = compatibilityProblems({ ...TOPIC_CONTRACTS.wordCounts, version: 1 }, new Map([[1, snapshot]])).find((p) => p.includes('value.threshold'));
    expect(problem).toContain('word-counts, field "value.threshold": changed type (type string became integer)');
    expect(problem).toContain('written by word-count; read by admin, users');
    expect(problem).toContain('Raise the version of the word-counts contract (contract-word-counts) to 2');
  });

  it('accepts the change once the version is raised and asks for the new snapshot', () => {
    const snapshot = edit((v) => (value(v)['threshold'] = { type: 'string' }));
    const raised = { ...TOPIC_CONTRACTS.wordCounts, version: 2 };
    expect(compatibilityProblems(raised, new Map([[1, snapshot]]))).toEqual([
      expect.stringContaining('word-counts: contract v2 has no snapshot'),
    ]);
    expect(compatibilityProblems(raised, new Map([[1, snapshot], [2, topicSchema(raised)]]))).toEqual([]);
  });
});
