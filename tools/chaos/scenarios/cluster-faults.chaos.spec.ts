import type { Admin } from 'kafkajs';
import { waitFor } from '@kstream/kafka/testing';
import { startEphemeralCluster, type EphemeralClusterHandle } from '../../kafka/ephemeral';
import { Load, sleep } from '../lib/load';
import { answersBetween, ingestRecoveryAfter, ProgressMonitor } from '../lib/monitor';
import { chaosProfile } from '../lib/profile';
import { expectClean, report } from '../lib/report';
import { ChaosStack, STREAM_APPS } from '../lib/stack';
import { judge } from '../lib/verdict';

const profile = chaosProfile();

/** SIGKILL of one node, as a crashed machine; its handle is then cleared so startNode can bring it back. */
async function killNode(cluster: EphemeralClusterHandle, nodeId: number): Promise<void> {
  const node = cluster.nodes.find((n) => n.nodeId === nodeId);
  if (!node) throw new Error(`no node ${nodeId}`);
  process.kill(node.pid, 'SIGKILL');
  await cluster.stopNode(nodeId);
}

/** Waits until every partition of the topics has all three replicas in sync again. */
async function fullyReplicated(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      return meta.every((t) => t.partitions.every((p) => p.isr.length === 3 && p.leader >= 0));
    },
    { timeoutMs, intervalMs: 1000, description: `${topics.join(', ')} back to three in-sync replicas` },
  );
}

/** The three apps on the cluster, streaming, with a progress monitor. */
async function streaming(cluster: EphemeralClusterHandle): Promise<{ stack: ChaosStack; load: Load; monitor: ProgressMonitor }> {
  const stack = await ChaosStack.open({ brokers: cluster.bootstrap, replicationFactor: 3 });
  await stack.start('ingest-producer', {}, 180_000);
  for (const name of STREAM_APPS) await stack.start(name, {}, 180_000);
  const load = new Load({ ingest: () => stack.ingestUrls(), rate: profile.rate, maxPerKind: profile.rate * 1200, run: stack.suffix }).start();
  const monitor = new ProgressMonitor(stack).start();
  await waitFor(async () => (await Promise.all(STREAM_APPS.map((app) => stack.committed(app)))).every((c) => c > 100), {
    timeoutMs: 180_000,
    description: 'both processors progressing on the cluster',
  });
  return { stack, load, monitor };
}

describe('a three-node cluster (replication factor 3, min.insync.replicas 2)', () => {
  let cluster: EphemeralClusterHandle | undefined;
  let run: Awaited<ReturnType<typeof streaming>> | undefined;

  beforeAll(async () => {
    cluster = await startEphemeralCluster({ logPrefix: 'chaos-', tmpPrefix: 'kafka-chaos-cluster-' });
  }, 300_000);

  afterEach(async () => {
    run?.monitor.stop();
    await run?.load.stop();
    await run?.stack.close();
    run = undefined;
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it(`partition leader SIGKILLed ×${profile.leaderKills} under load: nothing acknowledged is lost`, async () => {
    if (!cluster) throw new Error('no cluster');
    run = await streaming(cluster);
    const { stack, load, monitor } = run;
    const watched = [stack.topics.textLines, stack.topics.numbers];
    const rounds: { killed: number; ingestRecoveryMs?: number; processorsRecoveryMs?: number }[] = [];

    for (let round = 0; round < profile.leaderKills; round++) {
      const topic = watched[round % 2];
      const { topics: meta } = await stack.admin.fetchTopicMetadata({ topics: [topic] });
      const leader = meta[0].partitions.find((p) => p.partitionId === round % 3)?.leader ?? 1;
      await killNode(cluster, leader);
      const killedAt = Date.now();
      await waitFor(() => ingestRecoveryAfter(load, killedAt), { timeoutMs: 120_000, description: `a 2xx after leader ${leader} died` });
      await waitFor(() => monitor.bothProgressAfter(killedAt), { timeoutMs: 180_000, intervalMs: 500, description: `both processors moving after leader ${leader} died` });
      rounds.push({ killed: leader, ingestRecoveryMs: ingestRecoveryAfter(load, killedAt), processorsRecoveryMs: monitor.bothProgressAfter(killedAt) });
      await cluster.startNode(leader);
      await fullyReplicated(stack.admin, watched, 180_000);
    }
    await sleep(3000);
    await load.stop();
    await stack.waitDrained(240_000);
    monitor.stop();

    const verdict = await judge(stack, load);
    report('cluster-leader-sigkill', verdict, {
      kills: rounds.length,
      rounds,
      ingestRecoveryMaxMs: Math.max(...rounds.map((r) => r.ingestRecoveryMs ?? Infinity)),
      processorsRecoveryMaxMs: Math.max(...rounds.map((r) => r.processorsRecoveryMs ?? Infinity)),
    });
    expectClean(verdict);
  }, 1_500_000);

  it('two of three brokers down: ingest answers 503 and never 2xx; nothing acknowledged is lost after recovery', async () => {
    if (!cluster) throw new Error('no cluster');
    run = await streaming(cluster);
    const { stack, load, monitor } = run;

    await killNode(cluster, 2);
    await killNode(cluster, 3);
    const killedAt = Date.now();
    // Long enough for ingest's ack timeout (15 s) to answer the requests sent into the outage.
    await sleep(30_000);
    const restartAt = Date.now();
    await Promise.all([cluster.startNode(2), cluster.startNode(3)]);
    const upAt = Date.now();
    await waitFor(() => ingestRecoveryAfter(load, upAt), { timeoutMs: 180_000, description: 'a 2xx after the two brokers came back' });
    await waitFor(() => monitor.bothProgressAfter(upAt), { timeoutMs: 240_000, intervalMs: 500, description: 'both processors moving after the two brokers came back' });
    await sleep(3000);
    await load.stop();
    await stack.waitDrained(240_000);
    monitor.stop();

    // Sent after the second broker died and answered before either was relaunched.
    const { answered: whileDown, acked: ackedWhileDown, statuses } = answersBetween(load, killedAt, restartAt);
    const verdict = await judge(stack, load);
    report('cluster-two-down', verdict, {
      downMs: upAt - killedAt,
      answeredWhileDown: whileDown.length,
      statusesWhileDown: statuses,
      ackedWhileDown: ackedWhileDown.length,
      ingestRecoveryMs: ingestRecoveryAfter(load, upAt),
      processorsRecoveryMs: monitor.bothProgressAfter(upAt),
    });
    expectClean(verdict);
    expect(whileDown.length).toBeGreaterThan(0);
    expect(ackedWhileDown).toEqual([]);
    expect(statuses).toEqual([503]);
  }, 1_500_000);
});
