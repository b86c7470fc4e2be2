/**
 * Back-to-back transactions on one partition, as the engine's tasks run them (send, sendOffsets,
 * commit, then the next), with the first retry of CONCURRENT_TRANSACTIONS after each of a few
 * backoffs, alternating, on a broker of its own. The wait it measures is the broker writing the
 * previous commit's markers; what the backoff adds on top of it is the difference.
 *
 *   node tools/run.cjs tools/bench/txn-backoff.ts [--rounds 2] [--records 100] [--transactions 150] [--backoffs 10,1]
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { idempotentProducerConfig, TRANSACTION_RETRY, withRetries } from '@kstream/kafka';
import { startEphemeralBroker } from '../kafka/ephemeral';
import { quantile } from './lib/stats';

const at = (values: readonly number[], q: number) => quantile([...values].sort((a, b) => a - b), q);

async function oneRun(kafka: Kafka, backoffMs: number, records: number, transactions: number, run: string) {
  const topic = `txn-backoff-${run}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }, { topic: `${topic}-in`, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer(idempotentProducerConfig({ transactionalId: topic, retry: { ...TRANSACTION_RETRY, initialRetryTime: backoffMs } }));
  await producer.connect();
  const messages = Array.from({ length: records }, (_, i) => ({ value: `${'x'.repeat(96)}${i}`.slice(-100), partition: 0 }));
  const whole: number[] = [];
  const firstSend: number[] = [];
  for (let i = 0; i < transactions; i++) {
    const started = performance.now();
    const transaction = await producer.transaction();
    await transaction.send({ topic, messages });
    firstSend.push(performance.now() - started);
    await transaction.sendOffsets({ consumerGroupId: topic, topics: [{ topic: `${topic}-in`, partitions: [{ partition: 0, offset: String(i + 1) }] }] });
    await transaction.commit();
    whole.push(performance.now() - started);
  }
  await producer.disconnect();
  const seconds = whole.reduce((a, b) => a + b, 0) / 1000;
  return { backoffMs, p50: at(whole, 0.5), p90: at(whole, 0.9), firstSendP50: at(firstSend, 0.5), perSecond: transactions / seconds };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '2' }, records: { type: 'string', default: '100' }, transactions: { type: 'string', default: '150' }, backoffs: { type: 'string', default: `10,${TRANSACTION_RETRY.initialRetryTime}` } },
  });
  const [rounds, records, transactions] = [values.rounds, values.records, values.transactions].map(Number);
  const backoffs = values.backoffs.split(',').map(Number);
  const broker = await startEphemeralBroker({ name: 'txn-backoff', tmpPrefix: 'kafka-txn-backoff-' });
  try {
    const kafka = new Kafka({ clientId: 'txn-backoff', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    // One untimed run first: a fresh broker's JVM is slow for its first transactions, and its group
    // coordinator (which sendOffsets needs) answers NOT_COORDINATOR until __consumer_offsets is ready.
    let warmups = 0;
    await withRetries(() => oneRun(kafka, backoffs[0], records, transactions, `warmup-${++warmups}`), { attempts: 8 });
    console.log(`${transactions} transactions of ${records} records each, one partition, back to back; ms per transaction`);
    console.log('| round | first retry after | p50 ms | p90 ms | first send p50 ms | transactions/s |');
    console.log('|---|---|---|---|---|---|');
    for (let round = 1; round <= rounds; round++) {
      for (const backoff of backoffs) {
        const r = await oneRun(kafka, backoff, records, transactions, `${round}-${backoff}`);
        console.log(`| ${round} | ${backoff} ms | ${r.p50.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.firstSendP50.toFixed(1)} | ${r.perSecond.toFixed(0)} |`);
      }
    }
  } finally {
    await broker.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
