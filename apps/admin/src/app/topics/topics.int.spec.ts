import type { Kafka, Producer } from 'kafkajs';
import { createTestTopic, testKafka, uniqueSuffix, waitFor } from '@kstream/kafka/testing';
import { BROWSE_GROUP_PREFIX } from '../groups/groups.service';
import { startAdmin, TEST_TOKEN, type RunningAdmin } from '../../testing/admin-app';

describe('admin topics, cluster and messages on a real broker', () => {
  const s = uniqueSuffix();
  const orders = `orders-${s}`;
  let admin: RunningAdmin;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    admin = await startAdmin({ MESSAGES_MAX_LIMIT: '50' });
    kafka = testKafka('admin-topics-test');
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.app.close();
  });

  it('GET /cluster names the cluster, its controller and brokers', async () => {
    const { status, body } = await admin.call('/cluster');
    expect(status).toBe(200);
    expect(body.clusterId).toEqual(expect.any(String));
    expect(body.brokers).toHaveLength(1);
    expect(body.brokers[0]).toEqual({ id: expect.any(Number), host: '127.0.0.1', port: expect.any(Number) });
    expect(body.controller).toBe(body.brokers[0].id);
    expect(body.partitionCount).toBeGreaterThanOrEqual(body.topicCount);
    expect(body.underReplicatedPartitions).toEqual([]);
  });

  it('refuses a mutation without a token (401) and with a wrong one (403)', async () => {
    const dto = { name: orders, partitions: 2, replicationFactor: 1 };
    const without = await admin.call('/topics', { method: 'POST', body: dto });
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await admin.call('/topics', { method: 'POST', body: dto, auth: 'Bearer not-the-token-at-all' });
    expect(wrong.status).toBe(403);
    const basic = await admin.call('/topics', { method: 'POST', body: dto, auth: `Basic ${TEST_TOKEN}` });
    expect(basic.status).toBe(401);
    expect((await admin.call(`/topics/${orders}`)).status).toBe(404);
  });

  it('creates a 2-partition topic the way the seeds do and describes it', async () => {
    const created = await admin.call('/topics', {
      method: 'POST',
      auth: true,
      body: { name: orders, partitions: 2, replicationFactor: 1, configs: { 'cleanup.policy': 'delete', 'retention.ms': '86400000' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe(orders);

    const { status, body } = await admin.call(`/topics/${orders}`);
    expect(status).toBe(200);
    expect(body.replicationFactor).toBe(1);
    expect(body.partitions).toHaveLength(2);
    body.partitions.forEach((p: { id: number; leader: number; replicas: number[]; isr: number[] }, i: number) => {
      expect(p).toMatchObject({ id: i, replicas: [p.leader], isr: [p.leader], lowWatermark: 0, highWatermark: 0 });
    });
    expect(body.overrides).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '86400000' });
    expect(body.configs['min.insync.replicas']).toEqual(expect.any(String));

    const list = await admin.call('/topics');
    expect(list.body).toContainEqual({ name: orders, partitions: 2, replicationFactor: 1, internal: false });
  });

  it('describes the watermarks of a partitioned topic after keyed sends, as a seed does with kafka-python', async () => {
    const topic = `a_partitioned_topic-${s}`;
    expect((await admin.call('/topics', { method: 'POST', auth: true, body: { name: topic, partitions: 2, replicationFactor: 1 } })).status).toBe(201);
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ key: `key-${i}`, value: `message ${i}` })) });
    const { body } = await admin.call(`/topics/${topic}`);
    const highs = body.partitions.map((p: { highWatermark: number }) => p.highWatermark);
    expect(highs.reduce((a: number, b: number) => a + b, 0)).toBe(10);
    // The same key always lands in the same partition: sending the keys again doubles each partition.
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ key: `key-${i}`, value: `again ${i}` })) });
    const again = await admin.call(`/topics/${topic}`);
    expect(again.body.partitions.map((p: { highWatermark: number }) => p.highWatermark)).toEqual(highs.map((h: number) => 2 * h));
  });

  it('maps create errors: exists 409, bad name, partitions < 1 and replication factor above the brokers 400', async () => {
    const post = (body: unknown) => admin.call('/topics', { method: 'POST', auth: true, body });
    const exists = await post({ name: orders, partitions: 2, replicationFactor: 1 });
    expect(exists.status).toBe(409);
    expect(exists.body.message).toContain('already exists');

    for (const name of ['bad name!', '.', '..', 'x'.repeat(250), 'caf\u00e9', '']) {
      const res = await post({ name, partitions: 1, replicationFactor: 1 });
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
    }
    const longest = await post({ name: `${'x'.repeat(249 - s.length)}${s}`, partitions: 1, replicationFactor: 1 });
    expect(longest.status).toBe(201);

    // "." and "_" collide in Kafka's metric names.
    expect((await post({ name: `dot.${s}`, partitions: 1, replicationFactor: 1 })).status).toBe(201);
    const collides = await post({ name: `dot_${s}`, partitions: 1, replicationFactor: 1 });
    expect(collides.status).toBe(400);
    expect(collides.body.message).toContain(`collides with the existing "dot.${s}"`);

    const zero = await post({ name: `zero-${s}`, partitions: 0, replicationFactor: 1 });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body.message)).toContain('partitions must be at least 1');

    const rf = await post({ name: `rf-${s}`, partitions: 1, replicationFactor: 3 });
    expect(rf.status).toBe(400);
    expect(rf.body.message).toContain('larger than the number of brokers (1)');

    const unknownField = await post({ name: `extra-${s}`, partitions: 1, replicationFactor: 1, owner: 'me' });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body.message)).toContain('property owner should not exist');

    const badConfig = await post({ name: `cfg-${s}`, partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'sometimes' } });
    expect(badConfig.status).toBe(400);

    expect((await admin.call('/topics/bad$name')).status).toBe(400);
    expect((await admin.call(`/topics/missing-${s}`)).status).toBe(404);
  });

  it('changes configs, keeping the ones not named, and resets them with null', async () => {
    const set = await admin.call(`/topics/${orders}/configs`, { method: 'PATCH', auth: true, body: { configs: { 'retention.ms': '3600000' } } });
    expect(set.status).toBe(200);
    expect(set.body.overrides).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '3600000' });

    const reset = await admin.call(`/topics/${orders}/configs`, { method: 'PATCH', auth: true, body: { configs: { 'retention.ms': null } } });
    expect(reset.status).toBe(200);
    expect(reset.body.overrides).toEqual({ 'cleanup.policy': 'delete' });

    expect((await admin.call(`/topics/${orders}/configs`, { method: 'PATCH', auth: true, body: { configs: { 'retention.ms': 'soon' } } })).status).toBe(400);
    expect((await admin.call(`/topics/${orders}/configs`, { method: 'PATCH', auth: true, body: { configs: {} } })).status).toBe(400);
    expect((await admin.call(`/topics/missing-${s}/configs`, { method: 'PATCH', auth: true, body: { configs: { 'retention.ms': '1000' } } })).status).toBe(404);
    expect((await admin.call(`/topics/${orders}/configs`, { method: 'PATCH', body: { configs: { 'retention.ms': '1000' } } })).status).toBe(401);
  });

  it('only increases partitions', async () => {
    const grown = await admin.call(`/topics/${orders}/partitions`, { method: 'POST', auth: true, body: { count: 3 } });
    expect(grown.status).toBe(201);
    expect(grown.body.partitions.map((p: { id: number }) => p.id)).toEqual([0, 1, 2]);

    const shrink = await admin.call(`/topics/${orders}/partitions`, { method: 'POST', auth: true, body: { count: 2 } });
    expect(shrink.status).toBe(400);
    expect(shrink.body.message).toContain('can only be increased');
    expect((await admin.call(`/topics/${orders}/partitions`, { method: 'POST', auth: true, body: { count: 0 } })).status).toBe(400);
    expect((await admin.call(`/topics/missing-${s}/partitions`, { method: 'POST', auth: true, body: { count: 4 } })).status).toBe(404);
  });

  it('browses messages: JSON, text and bytes, headers, timestamps, latest N and from an offset', async () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x81]);
    await producer.send({
      topic: orders,
      messages: [
        { partition: 0, key: 'k1', value: JSON.stringify({ text: 'hello', id: '1' }), headers: { 'content-type': 'application/json', id: '1' } },
        { partition: 0, key: null, value: 'plain text line' },
        { partition: 0, key: binary, value: binary },
        { partition: 1, key: 'k2', value: null },
      ],
    });

    const fromStart = await admin.call(`/topics/${orders}/messages?partition=0&offset=0&limit=10`);
    expect(fromStart.status).toBe(200);
    expect(fromStart.body.complete).toBe(true);
    const records = fromStart.body.records;
    expect(records.map((r: { offset: number }) => r.offset)).toEqual([0, 1, 2]);
    expect(records[0]).toMatchObject({
      partition: 0,
      key: 'k1',
      keyEncoding: 'text',
      value: { text: 'hello', id: '1' },
      valueEncoding: 'json',
      headers: { 'content-type': 'application/json', id: '1' },
      timestampType: 'CreateTime',
    });
    expect(Math.abs(records[0].timestampMs - Date.now())).toBeLessThan(60_000);
    expect(records[1]).toMatchObject({ key: null, keyEncoding: 'null', value: 'plain text line', valueEncoding: 'text' });
    expect(records[2]).toMatchObject({ key: binary.toString('base64'), keyEncoding: 'base64', value: binary.toString('base64'), valueEncoding: 'base64' });

    const latest = await admin.call(`/topics/${orders}/messages?limit=2`);
    expect(latest.status).toBe(200);
    expect(latest.body.records).toHaveLength(2);
    expect(latest.body.records.at(-1)).toMatchObject({ partition: 1, offset: 0, key: 'k2', value: null, valueEncoding: 'null' });

    const capped = await admin.call(`/topics/${orders}/messages?limit=100000`);
    expect(capped.body.limit).toBe(50);
    expect(capped.body.records).toHaveLength(4);

    expect((await admin.call(`/topics/${orders}/messages?partition=7`)).status).toBe(400);
    expect((await admin.call(`/topics/${orders}/messages?limit=0`)).status).toBe(400);
    expect((await admin.call(`/topics/${orders}/messages?limit=ten`)).status).toBe(400);
    expect((await admin.call(`/topics/missing-${s}/messages`)).status).toBe(404);

    // The reads used the pooled groups (`<prefix><instance>-<slot>`, slots 0 and 1 by default), not a group per read.
    // (Other suites' admins on the same broker have pools of their own, named the same way.)
    const groups = await admin.call('/groups');
    const browse = groups.body.filter((g: { id: string }) => g.id.startsWith(BROWSE_GROUP_PREFIX) && !g.id.includes('dashboard'));
    expect(browse.length).toBeGreaterThan(0);
    for (const group of browse) expect(group.id).toMatch(/^kstream-admin-browse-[0-9a-f]{8}-[01]$/);
  });

  it('reports the LogAppendTime timestamp type', async () => {
    const topic = `log-time-${s}`;
    const created = await admin.call('/topics', {
      method: 'POST',
      auth: true,
      body: { name: topic, partitions: 1, replicationFactor: 1, configs: { 'message.timestamp.type': 'LogAppendTime' } },
    });
    expect(created.status).toBe(201);
    await producer.send({ topic, messages: [{ value: 'x', timestamp: '1000' }] });
    const { body } = await admin.call(`/topics/${topic}/messages`);
    expect(body.records).toHaveLength(1);
    expect(body.records[0].timestampType).toBe('LogAppendTime');
    expect(body.records[0].timestampMs).toBeGreaterThan(1000);
  });

  it('hides internal topics unless asked', async () => {
    const plain = await admin.call('/topics');
    expect(plain.body.every((t: { internal: boolean }) => !t.internal)).toBe(true);
    const all = await admin.call('/topics?internal=true');
    expect(all.body).toContainEqual(expect.objectContaining({ name: '__consumer_offsets', internal: true }));
  });

  it('deletes a topic, then 404', async () => {
    expect((await admin.call(`/topics/${orders}`, { method: 'DELETE' })).status).toBe(401);
    expect((await admin.call(`/topics/${orders}`, { method: 'DELETE', auth: true })).status).toBe(204);
    await waitFor(async () => (await admin.call(`/topics/${orders}`)).status === 404, { description: 'topic gone' });
    expect((await admin.call(`/topics/${orders}`, { method: 'DELETE', auth: true })).status).toBe(404);
  });

  it('keeps working after another client deletes a topic it has looked at', async () => {
    const [gone, kept] = [`gone-${s}`, `kept-${s}`];
    for (const name of [gone, kept]) {
      expect((await admin.call('/topics', { method: 'POST', auth: true, body: { name, partitions: 1, replicationFactor: 1 } })).status).toBe(201);
    }
    expect((await admin.call(`/topics/${gone}`)).status).toBe(200);
    const other = kafka.admin();
    await other.connect();
    try {
      await other.deleteTopics({ topics: [gone] });
    } finally {
      await other.disconnect();
    }
    // A create right after: kafkajs's createTopics refreshes the metadata of every topic the client has looked at first.
    expect((await admin.call('/topics', { method: 'POST', auth: true, body: { name: `after-${s}`, partitions: 1, replicationFactor: 1 } })).status).toBe(201);
    expect((await admin.call(`/topics/${kept}`)).status).toBe(200);
    expect((await admin.call(`/topics/${kept}/messages`)).status).toBe(200);
    await waitFor(async () => (await admin.call(`/topics/${gone}`)).status === 404, { description: 'deleted topic 404' });
  });

  it('browses a transactional topic by records, not offsets: commit markers take offsets of their own', async () => {
    const topic = `committed-${s}`;
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    await createTestTopic(kafkaAdmin, topic, 1);
    await kafkaAdmin.disconnect();
    // One record per transaction, as the processors write a quiet input: offsets 0, 2, 4, 6, markers between.
    const tx = kafka.producer({ transactionalId: `browse-${s}`, idempotent: true, maxInFlightRequests: 1 });
    await tx.connect();
    for (const n of [1, 2, 3, 4]) {
      const t = await tx.transaction();
      await t.send({ topic, messages: [{ value: `r${n}` }] });
      await t.commit();
    }
    await tx.disconnect();
    const latest = await admin.call(`/topics/${topic}/messages?limit=2`);
    expect(latest.body.records.map((r: { value: string }) => r.value)).toEqual(['r3', 'r4']);
    const fromStart = await admin.call(`/topics/${topic}/messages?partition=0&offset=0&limit=3`);
    expect(fromStart.body.records.map((r: { value: string }) => r.value)).toEqual(['r1', 'r2', 'r3']);
  });

  it('limits the body size and serves OpenAPI at /docs', async () => {
    const big = await admin.call('/topics', { method: 'POST', auth: true, body: { name: `big-${s}`, partitions: 1, replicationFactor: 1, configs: { x: 'y'.repeat(70_000) } } });
    expect(big.status).toBe(413);
    const docs = await admin.call('/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
    const spec = await admin.call('/docs-json');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/topics', '/topics/{name}', '/groups/{id}/offsets', '/dlq/{topic}/redrive', '/stack/health']));
  });
});

describe('admin rate limit and token-less mode', () => {
  it('answers 429 once a client has used its mutation burst; reads are not limited', async () => {
    const admin = await startAdmin({ RATE_LIMIT_BURST: '2', RATE_LIMIT_PER_MINUTE: '1' });
    try {
      const post = () => admin.call('/topics', { method: 'POST', body: { name: 'never-created', partitions: 1, replicationFactor: 1 }, auth: 'Bearer wrong-token' });
      expect((await post()).status).toBe(403);
      expect((await post()).status).toBe(403);
      const limited = await post();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      for (let i = 0; i < 5; i += 1) expect((await admin.call('/cluster')).status).toBe(200);
    } finally {
      await admin.app.close();
    }
  });

  it('lets mutations through without a token when none is configured', async () => {
    const admin = await startAdmin({ ADMIN_TOKEN: '' });
    try {
      const name = `open-${uniqueSuffix()}`;
      expect((await admin.call('/topics', { method: 'POST', body: { name, partitions: 1, replicationFactor: 1 } })).status).toBe(201);
      expect((await admin.call(`/topics/${name}`, { method: 'DELETE' })).status).toBe(204);
    } finally {
      await admin.app.close();
    }
  });
});
