import type { Admin, Kafka, Producer } from 'kafkajs';
import { createTestTopic, readAll, testKafka, uniqueSuffix, waitFor } from '../../testing';
import { idempotentProducerConfig } from './kafka-config';
import { TransactionAdmin } from './transaction-admin';

/**
 * The requests kafkajs lacks, against the real broker: what the coordinator says about a
 * transactional id, which transactions a partition has open, and ending a transaction with markers
 * in the direction asked for.
 */
describe('TransactionAdmin', () => {
  let kafka: Kafka;
  let admin: Admin;
  let transactions: TransactionAdmin;
  const producers: Producer[] = [];
  const suffix = uniqueSuffix();
  const topic = `txn-admin-${suffix}`;

  beforeAll(async () => {
    kafka = testKafka('transaction-admin-test');
    admin = kafka.admin();
    await admin.connect();
    await createTestTopic(admin, topic, 2);
    transactions = new TransactionAdmin(kafka);
    await transactions.connect();
  });

  afterAll(async () => {
    for (const p of producers) await p.disconnect().catch(() => undefined);
    await transactions.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  const transactional = async (name: string) => {
    const producer = kafka.producer(idempotentProducerConfig({ transactionalId: `${name}-${suffix}` }));
    producers.push(producer);
    await producer.connect();
    return producer;
  };

  it('knows no state for an id that was never used', async () => {
    await expect(transactions.describeTransaction(`never-used-${suffix}`)).resolves.toBeUndefined();
  });

  it('describes an open transaction, where it is open, and its commit', async () => {
    const producer = await transactional('describe');
    const transaction = await producer.transaction();
    const [written] = await transaction.send({ topic, messages: [{ value: 'open', partition: 1 }] });

    const ongoing = await transactions.describeTransaction(`describe-${suffix}`);
    expect(ongoing).toMatchObject({ transactionalId: `describe-${suffix}`, state: 'Ongoing', partitions: [{ topic, partition: 1 }] });
    const open = await transactions.openTransactions([{ topic, partition: 0 }, { topic, partition: 1 }]);
    expect(open.filter((t) => t.producerId === ongoing?.producerId)).toEqual([
      { topic, partition: 1, producerId: ongoing?.producerId, producerEpoch: ongoing?.producerEpoch, startOffset: written.baseOffset },
    ]);

    await transaction.commit();
    await waitFor(async () => (await transactions.describeTransaction(`describe-${suffix}`))?.state === 'CompleteCommit', { timeoutMs: 10_000, description: 'CompleteCommit' });
    const after = await transactions.openTransactions([{ topic, partition: 1 }]);
    expect(after.filter((t) => t.producerId === ongoing?.producerId)).toEqual([]);
  });

  it('ends the current transaction with COMMIT or ABORT markers in the partitions given', async () => {
    for (const [value, commit] of [['ended-by-commit', true], ['ended-by-abort', false]] as const) {
      const id = `markers-${value}-${suffix}`;
      const producer = await transactional(`markers-${value}`);
      const transaction = await producer.transaction();
      await transaction.send({ topic, messages: [{ value, partition: 0 }] });
      const state = await transactions.describeTransaction(id);
      if (!state) throw new Error('no state for an ongoing transaction');
      await transactions.endWithMarkers(id, state, [{ topic, partition: 0 }], commit);
      await waitFor(async () => (await transactions.openTransactions([{ topic, partition: 0 }])).every((t) => t.producerId !== state.producerId), {
        timeoutMs: 10_000,
        description: `the ${commit ? 'COMMIT' : 'ABORT'} marker`,
      });
      // The coordinator records the completion once every marker is written.
      await waitFor(async () => (await transactions.describeTransaction(id))?.state === (commit ? 'CompleteCommit' : 'CompleteAbort'), { timeoutMs: 10_000, description: 'the completion' });
    }
    const seen = (await readAll(kafka, topic, [0])).map((r) => r.value);
    expect(seen).toEqual(['ended-by-commit']);
  });
});
