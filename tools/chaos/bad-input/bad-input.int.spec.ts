import { testRegistryUrl } from '@kstream/contracts-core/testing';
import { DLQ_HEADERS, type TopicNames } from '@kstream/contracts';
import { buildApp, openProcessTestBed, testKafkaEnv, uniqueSuffix, waitDrained, waitFor, type ProcessTestBed } from '@kstream/kafka/testing';
import { HTTP_KINDS, KAFKA_KINDS, type KafkaKind } from './corpus';
import { CASE_HEADER, lostAndDuplicated, readLedger, rollingMeanOf, wordCountOf, type Fate } from './outcomes';
import { post, storedIds, type Acknowledged, type Answer } from './post-corpus';
import { produceCorpus } from './produce-corpus';

/*
 * The bad-input corpus through the running apps (built bundles as processes, like production):
 * every kind produced straight to the input topics between good records, and every request kind
 * posted to ingest. A reduced run (one round) is part of `npm test`; CHAOS_PROFILE=full repeats
 * everything (BAD_INPUT_ROUNDS overrides the count).
 */
const ROUNDS = Number(process.env['BAD_INPUT_ROUNDS'] ?? (process.env['CHAOS_PROFILE'] === 'full' ? 5 : 1));
const DRAIN_TIMEOUT_MS = 60_000 + ROUNDS * 30_000;

type App = 'word-count' | 'rolling-mean' | 'ingest-producer';
const APPS: readonly App[] = ['word-count', 'rolling-mean', 'ingest-producer'];

let mains: Record<App, string>;
beforeAll(() => {
  mains = Object.fromEntries(APPS.map((app) => [app, buildApp(app)])) as Record<App, string>;
}, 600_000);

describe(`bad-input corpus (${KAFKA_KINDS.length} Kafka kinds, ${HTTP_KINDS.length} HTTP kinds, ${ROUNDS} round(s))`, () => {
  let bed: ProcessTestBed;
  let topics: TopicNames;
  const suffix = uniqueSuffix();
  const groups = { wordCount: `word-count-bad-input-${suffix}`, rollingMean: `rolling-mean-bad-input-${suffix}` };
  const urls = {} as Record<App, string>;
  /** Apps that exited: a crash anywhere fails the last test, whatever else passed. */
  const exits: string[] = [];
  const acknowledged: Acknowledged = { textLines: [], numbers: [] };

  beforeAll(async () => {
    bed = await openProcessTestBed('bad-input', suffix);
    topics = bed.topics;
    // The run's schema registry: the corpus's Avro kinds are judged by a real one.
    const env = { TOPIC_SUFFIX: suffix, WORD_COUNT_GROUP_ID: groups.wordCount, ROLLING_MEAN_GROUP_ID: groups.rollingMean, SCHEMA_REGISTRY_URL: testRegistryUrl() };
    for (const name of APPS) {
      const { app, url } = await bed.start(mains[name], env, `bad-input-${name}`);
      urls[name] = url;
      void app.exited?.then((code) => exits.push(`${name} exited with ${code} (log: ${app.logFile})`));
    }
    for (const name of APPS) {
      await waitFor(async () => (await fetch(`${urls[name]}/health`)).status === 200, { timeoutMs: 60_000, intervalMs: 250, description: `${name} healthy` });
    }
  }, 120_000);

  afterAll(async () => {
    await bed?.close();
  });

  async function drained(): Promise<void> {
    await waitDrained(bed.kafka, bed.admin, groups.wordCount, [topics.textLines, topics.wordCountRepartition], DRAIN_TIMEOUT_MS);
    await waitDrained(bed.kafka, bed.admin, groups.rollingMean, [topics.numbers, topics.rollingMeanRepartition], DRAIN_TIMEOUT_MS);
  }

  it('through Kafka: every bad record in the DLQ with its origin and reason, every valid one and every neighbour a result, once', async () => {
    const tag = uniqueSuffix();
    const produced = await produceCorpus({ producer: bed.producer, brokers: testKafkaEnv().KAFKA_BROKERS.join(','), topics, kinds: KAFKA_KINDS, rounds: ROUNDS, tag });
    await drained();
    const ledger = await readLedger(bed.kafka, topics);

    const mismatches: string[] = [];
    const corpusFates = [...ledger.textLines, ...ledger.numbers].filter((f) => f.input.headers[CASE_HEADER] !== undefined);
    for (const fate of corpusFates) {
      const kind = KAFKA_KINDS[Number(fate.input.headers[CASE_HEADER].split('.')[0])];
      const problem = checkFate(kind, fate, topics);
      if (problem) mismatches.push(`${kind.topic} "${kind.name}": ${problem}`);
    }
    for (const topic of ['textLines', 'numbers'] as const) {
      for (const id of produced.goodIds[topic]) if (ledger.ids.get(id) !== 1) mismatches.push(`good record ${id} on ${topic}: ${ledger.ids.get(id) ?? 0} results`);
    }
    expect(mismatches).toEqual([]);
    expect(corpusFates).toHaveLength(produced.corpusRecords);

    const dead = corpusFates.filter((f) => f.dead.length > 0).length;
    process.stdout.write(
      `bad-input through Kafka: ${KAFKA_KINDS.length} kinds × ${ROUNDS} round(s) = ${produced.corpusRecords} corpus records ` +
        `(${corpusFates.filter((f) => f.input.topic === topics.textLines).length} text-lines, ${corpusFates.filter((f) => f.input.topic === topics.numbers).length} numbers); ` +
        `${dead} dead-lettered, ${corpusFates.length - dead} results; ${produced.goodIds.textLines.length + produced.goodIds.numbers.length} good neighbours, each one result\n`,
    );
  }, 300_000);

  it('through HTTP: every bad request refused with a 4xx naming its field, never a 5xx; every acknowledged record a result, once', async () => {
    const answers: Answer[] = [];
    for (let round = 0; round < ROUNDS; round++) for (const kind of HTTP_KINDS) answers.push(await post(urls['ingest-producer'], kind));

    const mismatches = answers.flatMap((answer) => {
      const problem = checkAnswer(answer);
      return problem ? [`${answer.kind.path} "${answer.kind.name}": ${problem}`] : [];
    });
    expect(mismatches).toEqual([]);

    for (const answer of answers) acknowledged[answer.kind.path.startsWith('/lines') ? 'textLines' : 'numbers'].push(...storedIds(answer));
    await drained();
    const ledger = await readLedger(bed.kafka, topics);
    const notOnce = [...acknowledged.textLines, ...acknowledged.numbers].filter((id) => ledger.ids.get(id) !== 1);
    expect(notOnce).toEqual([]);

    const refused = answers.filter((a) => a.status >= 400).length;
    process.stdout.write(
      `bad-input through HTTP: ${HTTP_KINDS.length} kinds × ${ROUNDS} round(s) = ${answers.length} requests; ` +
        `${refused} refused (${[400, 413, 415].map((s) => `${answers.filter((a) => a.status === s).length}×${s}`).join(', ')}), ` +
        `${answers.filter((a) => a.status === 201).length}×201, ${answers.filter((a) => a.status === 207).length}×207; ` +
        `${acknowledged.textLines.length + acknowledged.numbers.length} records acknowledged, each one result; 5xx: ${answers.filter((a) => a.status >= 500).length}\n`,
    );
  }, 300_000);

  it('leaves no record lost or duplicated on either input topic, no partition behind, and every app up', async () => {
    await drained();
    const ledger = await readLedger(bed.kafka, topics);
    expect(lostAndDuplicated(ledger.textLines)).toEqual({ lost: [], duplicated: [] });
    expect(lostAndDuplicated(ledger.numbers)).toEqual({ lost: [], duplicated: [] });
    expect(exits).toEqual([]);
    for (const name of APPS) expect({ name, health: (await fetch(`${urls[name]}/health`)).status }).toEqual({ name, health: 200 });
    process.stdout.write(
      `bad-input ledger: text-lines ${ledger.textLines.length} records, numbers ${ledger.numbers.length}; ` +
        `${ledger.dlq.length} dead letters; lost 0, duplicated 0; apps up\n`,
    );
  }, 180_000);
});

/** What is wrong with the fate of one corpus record, or undefined. */
function checkFate(kind: KafkaKind, { input, results, dead }: Fate, topics: TopicNames): string | undefined {
  if ('dlq' in kind.expected) {
    if (results.length !== 0 || dead.length !== 1) return `expected one dead letter, got ${dead.length} and ${results.length} results`;
    const letter = dead[0];
    const h = letter.headers;
    if (h[DLQ_HEADERS.reason] !== kind.expected.dlq) return `dlq-reason ${h[DLQ_HEADERS.reason]}, expected ${kind.expected.dlq} (${h[DLQ_HEADERS.error]})`;
    if (!h[DLQ_HEADERS.error] || !h[DLQ_HEADERS.service] || !h[DLQ_HEADERS.failedAt]) return 'dlq-error, dlq-service or dlq-failed-at missing';
    if (h[DLQ_HEADERS.sourceTopic] !== topics[kind.topic]) return `dlq-source-topic ${h[DLQ_HEADERS.sourceTopic]}`;
    const truncated = h['dlq-value-truncated'];
    const original = input.message.value ?? null;
    const kept = letter.message.value ?? null;
    if (truncated !== undefined) {
      if (original === null || kept === null || Number(truncated) !== original.length || !original.subarray(0, kept.length).equals(kept)) return 'truncated dead letter is not a prefix of the original';
    } else if (original === null ? kept !== null && kept.length > 0 : !kept?.equals(original)) return 'dead letter value differs from the original';
    if (!(input.message.key ?? Buffer.alloc(0)).equals(letter.message.key ?? Buffer.alloc(0))) return 'dead letter key differs from the original';
    return undefined;
  }
  if (dead.length !== 0 || results.length !== 1) return `expected one result, got ${results.length} and ${dead.length} dead letters (${dead[0]?.headers[DLQ_HEADERS.reason]}: ${dead[0]?.headers[DLQ_HEADERS.error]})`;
  const expected = kind.expected.output;
  if (kind.topic === 'textLines') {
    const out = wordCountOf(results[0]);
    if (expected.text !== undefined && out.text !== expected.text) return `text ${JSON.stringify(out.text.slice(0, 60))}`;
    if (expected.words !== undefined && out.words !== expected.words) return `${out.words} words, expected ${expected.words}`;
  } else {
    const out = rollingMeanOf(results[0]);
    if (out.value !== expected.value || out.series !== expected.series) return `value ${out.value} series ${out.series.slice(0, 60)}`;
  }
  return undefined;
}

/** What is wrong with ingest's answer to one request, or undefined. */
function checkAnswer({ kind, status, body }: Answer): string | undefined {
  const expected = kind.expected;
  if (status !== expected.status) return `status ${status}, expected ${expected.status}: ${JSON.stringify(body).slice(0, 300)}`;
  if (expected.status === 201 || expected.status === 207) {
    if (expected.status === 201) return undefined;
    const refused = (body.results as { index: number; status: string; statusCode?: number; field?: string }[]).filter((r) => r.status !== 'stored');
    const got = refused.map((r) => ({ index: r.index, statusCode: r.statusCode, field: r.field }));
    const want = expected.refused.map((r) => ({ index: r.index, statusCode: r.statusCode, field: r.field }));
    return JSON.stringify(got) === JSON.stringify(want) ? undefined : `refused ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
  }
  if (expected.field !== undefined && body.field !== expected.field) return `field ${body.field}, expected ${expected.field}: ${JSON.stringify(body).slice(0, 300)}`;
  if (expected.message && !expected.message.test(String(body.message))) return `message ${JSON.stringify(body.message)}`;
  return undefined;
}
