/**
 * What an unauthenticated reader can cost the cluster and the server: message reads share a small
 * pool of consumer groups (503 with Retry-After past it), reads are rate-limited per address, and
 * the dashboard's event stream serves a bounded number of pages.
 */
import type { Kafka } from 'kafkajs';
import { testKafka, uniqueSuffix, waitFor } from '@kstream/kafka/testing';
import { withRetries } from '@kstream/kafka';
import { BROWSE_GROUP_PREFIX } from '../groups/groups.service';
import { startAdmin, type RunningAdmin } from '../../testing/admin-app';

describe('reads on the admin API are bounded', () => {
  let kafka: Kafka;
  const running: RunningAdmin[] = [];
  const start = async (overrides: Record<string, string>) => {
    const admin = await startAdmin(overrides);
    running.push(admin);
    return admin;
  };
  const browseGroups = async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => id.startsWith(BROWSE_GROUP_PREFIX) && !id.includes('dashboard'));
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(() => {
    kafka = testKafka('admin-read-bounds-test');
  });

  afterAll(async () => {
    for (const admin of running) await admin.app.close();
  });

  it('runs message reads in a pool of groups: one at a time here, the others told to retry, the same group reused, and gone at shutdown', async () => {
    const topic = `browse-pool-${uniqueSuffix()}`;
    const setup = kafka.admin();
    await setup.connect();
    await setup.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: false });
    await withRetries(() => setup.fetchTopicMetadata({ topics: [topic] }), { attempts: 8 });
    await setup.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
    await producer.disconnect();

    const before = new Set(await browseGroups());
    const admin = await start({ MESSAGES_MAX_CONCURRENT: '1' });
    const answers = await Promise.all(Array.from({ length: 3 }, () => admin.call(`/topics/${topic}/messages`)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses[0]).toBe(200);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    for (const busy of answers.filter((a) => a.status === 503)) {
      expect(busy.headers.get('retry-after')).toBe('1');
      expect(busy.body.message).toMatch(/MESSAGES_MAX_CONCURRENT/);
    }
    expect((await admin.call(`/topics/${topic}/messages`)).body.records).toHaveLength(3);
    // Two reads, one group: this instance's slot 0.
    const mine = (await browseGroups()).filter((id) => !before.has(id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatch(/-0$/);

    running.splice(running.indexOf(admin), 1);
    await admin.app.close();
    await waitFor(async () => !(await browseGroups()).includes(mine[0]), { timeoutMs: 10_000, description: 'the pooled group deleted at shutdown' });
  });

  it('rate-limits reads per address with 429 and Retry-After', async () => {
    const admin = await start({ READ_RATE_LIMIT_BURST: '3', READ_RATE_LIMIT_PER_MINUTE: '1' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await admin.call('/health')).status);
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    const limited = await admin.call('/topics');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.message).toMatch(/too many reads/);
  });

  it("caps the dashboard's event-stream clients with 503 and Retry-After", async () => {
    const admin = await start({ DASHBOARD_MAX_CLIENTS: '1' });
    const controller = new AbortController();
    const first = await fetch(`${admin.base}/dashboard/events`, { signal: controller.signal });
    expect(first.status).toBe(200);
    const second = await fetch(`${admin.base}/dashboard/events`);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('10');
    expect(((await second.json()) as { message: string }).message).toMatch(/DASHBOARD_MAX_CLIENTS/);
    controller.abort();
    await waitFor(async () => {
      const again = await fetch(`${admin.base}/dashboard/events`, { signal: AbortSignal.timeout(1_000) }).catch(() => undefined);
      const ok = again?.status === 200;
      await again?.body?.cancel().catch(() => undefined);
      return ok;
    }, { timeoutMs: 5_000, description: 'a slot free again once the first page closed' });
  });
});
