import { Logger } from '@nestjs/common';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { testKafka, uniqueSuffix, waitFor } from '@kstream/kafka/testing';
import { startAdmin, type RunningAdmin } from '../../testing/admin-app';

describe('admin consumer groups, lag and offset resets on a real broker', () => {
  const s = uniqueSuffix();
  const topic = `lag-${s}`;
  const groupId = `lag-group-${s}`;
  let admin: RunningAdmin;
  let kafka: Kafka;
  let producer: Producer;
  let consumer: Consumer | undefined;
  let consumed = 0;

  const send = (n: number, from: number) =>
    producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `line ${from + i}` })) });

  /** Starts a kafkajs consumer in the group, counting what it reads and committing as it goes. */
  async function startConsumer(): Promise<void> {
    consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async () => void (consumed += 1) });
  }

  async function stopConsumer(): Promise<void> {
    await consumer?.disconnect();
    consumer = undefined;
  }

  const group = async () => (await admin.call(`/groups/${groupId}`)).body;

  beforeAll(async () => {
    admin = await startAdmin({ LAG_SAMPLE_INTERVAL_MS: '300', LAG_WARN_THRESHOLD: '3', LAG_WARN_SAMPLES: '2', LAG_HISTORY_SIZE: '50' });
    kafka = testKafka('admin-groups-test');
    producer = kafka.producer();
    await producer.connect();
    expect((await admin.call('/topics', { method: 'POST', auth: true, body: { name: topic, partitions: 2, replicationFactor: 1 } })).status).toBe(201);
  });

  afterAll(async () => {
    await stopConsumer();
    await producer?.disconnect();
    await admin?.app.close();
  });

  it('lists a running group and describes its members, assignments and offsets', async () => {
    await send(4, 0);
    await startConsumer();
    await waitFor(() => consumed >= 4, { description: '4 records consumed' });
    const detail = await waitFor(async () => {
      const g = await group();
      return g?.state === 'Stable' && g.totalLag === 0 && g.offsets.length === 2 && g;
    }, { description: 'group stable with lag 0' });
    expect(detail.members).toHaveLength(1);
    expect(detail.members[0].assignment).toEqual([{ topic, partitions: [0, 1] }]);
    expect(detail.protocolType).toBe('consumer');
    const committed = detail.offsets.reduce((sum: number, p: { committedOffset: number }) => sum + p.committedOffset, 0);
    expect(committed).toBe(4);
    for (const p of detail.offsets) expect(p).toMatchObject({ topic, lag: 0, highWatermark: p.committedOffset });

    const list = await admin.call('/groups');
    expect(list.body).toContainEqual({ id: groupId, state: 'Stable', members: 1, protocol: expect.any(String), protocolType: 'consumer' });
  });

  it('refuses an offset reset and a delete while the group has active members (409)', async () => {
    const reset = await admin.call(`/groups/${groupId}/offsets`, { method: 'POST', auth: true, body: { topic, to: 'earliest' } });
    expect(reset.status).toBe(409);
    expect(reset.body.message).toContain('1 active member(s)');
    expect(reset.body.message).toContain('stop its consumers');
    expect((await admin.call(`/groups/${groupId}`, { method: 'DELETE', auth: true })).status).toBe(409);
    expect((await admin.call(`/groups/${groupId}/offsets`, { method: 'POST', body: { topic, to: 'earliest' } })).status).toBe(401);
  });

  it('shows the lag rising while the consumer is stopped, with a history, a metric and an alert', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    await stopConsumer();
    await send(5, 4);
    await waitFor(async () => (await group())?.totalLag === 5, { description: 'lag 5' });
    const history = await waitFor(async () => {
      const h = (await admin.call(`/groups/${groupId}/lag/history`)).body;
      return h && h.alert !== null && h.samples.at(-1)?.totalLag === 5 ? h : false;
    }, { description: 'lag history with an alert' });
    expect(history.alert).toMatchObject({ group: groupId, totalLag: 5 });
    expect(history.samples.at(-1).topics).toEqual({ [topic]: 5 });
    await waitFor(async () => {
      const metrics = (await admin.call('/metrics')).text;
      return new RegExp(`kstream_admin_group_lag\\{[^}]*group="${groupId}"[^}]*topic="${topic}"[^}]*\\} 5`).test(metrics);
    }, { description: 'lag 5 in /metrics' });
    const warnings = warn.mock.calls.map(([message]) => String(message));
    expect(warnings).toContainEqual(expect.stringMatching(new RegExp(`group "${groupId}" lag \\d+ has stayed above 3 for 2 samples`)));
    warn.mockRestore();
  });

  it('applies offset resets once the group is empty: earliest, offsets, timestamp, latest', async () => {
    const post = (body: unknown) => admin.call(`/groups/${groupId}/offsets`, { method: 'POST', auth: true, body });
    const earliest = await post({ topic, to: 'earliest' });
    expect(earliest.status).toBe(200);
    expect(earliest.body).toEqual({ group: groupId, topic, partitions: [{ partition: 0, offset: 0 }, { partition: 1, offset: 0 }] });
    expect((await group()).totalLag).toBe(9);

    const exact = await post({ topic, to: { offsets: [{ partition: 0, offset: 1 }] } });
    expect(exact.status).toBe(200);
    const p0 = (await group()).offsets.find((p: { partition: number }) => p.partition === 0);
    expect(p0.committedOffset).toBe(1);

    const future = await post({ topic, to: { timestamp: Date.now() + 3_600_000 } });
    expect(future.status).toBe(200);
    expect((await group()).totalLag).toBe(0);

    const past = await post({ topic, to: { timestamp: 0 } });
    expect(past.body.partitions).toEqual([{ partition: 0, offset: 0 }, { partition: 1, offset: 0 }]);

    expect((await post({ topic, to: 'latest' })).status).toBe(200);
    expect((await group()).totalLag).toBe(0);
    expect((await post({ topic, to: 'earliest' })).status).toBe(200);

    expect((await post({ topic, to: { offsets: [{ partition: 9, offset: 0 }] } })).status).toBe(400);
    expect((await post({ topic, to: { offsets: [{ partition: 0, offset: 999 }] } })).status).toBe(400);
    expect((await post({ topic, to: 'beginning' })).status).toBe(400);
    expect((await post({ topic, to: { timestamp: 1, offsets: [] } })).status).toBe(400);
    expect((await post({ topic, to: 'earliest', force: true })).status).toBe(400);
    expect((await post({ topic: `missing-${s}`, to: 'earliest' })).status).toBe(404);
    expect((await admin.call(`/groups/missing-${s}/offsets`, { method: 'POST', auth: true, body: { topic, to: 'earliest' } })).status).toBe(404);
  });

  it('shows the lag falling to 0 once the consumer runs again, and the alert clearing', async () => {
    // The sampler runs on its own clock: let it see the lag of 9 left by the last reset first.
    await waitFor(async () => (await admin.call(`/groups/${groupId}/lag/history`)).body?.samples.at(-1)?.totalLag === 9, {
      description: 'a lag sample of 9 after the reset',
    });
    consumed = 0;
    await startConsumer();
    await waitFor(() => consumed >= 9, { description: '9 records re-consumed' });
    await waitFor(async () => (await group())?.totalLag === 0, { description: 'lag 0' });
    await waitFor(async () => {
      const h = (await admin.call(`/groups/${groupId}/lag/history`)).body;
      return h?.alert === null && h.samples.at(-1)?.totalLag === 0;
    }, { description: 'alert cleared' });
    const lags = (await admin.call(`/groups/${groupId}/lag/history`)).body.samples.map((x: { totalLag: number }) => x.totalLag);
    expect(lags).toContain(5);
    expect(lags).toContain(9);
  });

  it('deletes an empty group, then 404', async () => {
    await stopConsumer();
    expect((await admin.call(`/groups/${groupId}`, { method: 'DELETE' })).status).toBe(401);
    await waitFor(async () => (await admin.call(`/groups/${groupId}`, { method: 'DELETE', auth: true })).status === 204, { description: 'group deleted' });
    expect((await admin.call(`/groups/${groupId}`)).status).toBe(404);
    expect((await admin.call(`/groups/${groupId}`, { method: 'DELETE', auth: true })).status).toBe(404);
    expect((await admin.call(`/groups/missing-${s}/lag/history`)).status).toBe(404);
  });
});
