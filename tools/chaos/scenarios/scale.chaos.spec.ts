import { waitFor } from '@kstream/kafka/testing';
import { Load, sleep } from '../lib/load';
import { chaosProfile } from '../lib/profile';
import { expectClean, report } from '../lib/report';
import { ChaosStack, STREAM_APPS, withSharedStack } from '../lib/stack';
import { judge } from '../lib/verdict';

const profile = chaosProfile();

describe('word-count and rolling-mean scaled 1 → 3 → 1 during a stream', () => {
  let stack: ChaosStack;
  withSharedStack((opened) => (stack = opened));

  /** Ms until both processors have committed more than they had when called. */
  async function progressMs(what: string): Promise<number> {
    const from = Date.now();
    const before = await Promise.all(STREAM_APPS.map((app) => stack.committed(app)));
    await waitFor(async () => (await Promise.all(STREAM_APPS.map((app) => stack.committed(app)))).every((c, i) => c > before[i] + 20), {
      timeoutMs: 120_000,
      intervalMs: 200,
      description: `both processors progressing ${what}`,
    });
    return Date.now() - from;
  }

  /** Partitions each live instance of `app` owns, from its /health. */
  async function assignments(app: (typeof STREAM_APPS)[number]): Promise<number[][]> {
    return Promise.all(
      stack.instances(app).map(async (i) => {
        const body = (await (await fetch(`${i.url}/health`)).json()) as { checks: { consumer: { detail: { assigned: number[] } } } };
        return body.checks.consumer.detail.assigned;
      }),
    );
  }

  it('loses nothing acknowledged and duplicates nothing while the groups grow and shrink', async () => {
    await stack.start('ingest-producer');
    for (const name of STREAM_APPS) await stack.start(name);
    const load = new Load({ ingest: () => stack.ingestUrls(), rate: profile.rate, maxPerKind: profile.rate * 900, run: stack.suffix }).start();
    const steps: Record<string, number> = { '1': await progressMs('with one instance each') };

    for (const name of STREAM_APPS) for (let i = 0; i < 2; i++) await stack.start(name);
    // Each of the three instances ends up with one partition.
    for (const name of STREAM_APPS) {
      await waitFor(async () => (await assignments(name)).every((a) => a.length === 1), { timeoutMs: 120_000, intervalMs: 500, description: `${name}: one partition per instance` });
    }
    steps['1→3'] = await progressMs('with three instances each');

    const scaledDownAt = Date.now();
    for (const name of STREAM_APPS) for (const extra of stack.instances(name).slice(1)) await stack.stop(extra, 'SIGTERM');
    // Progress alone does not show the rebalance is over: the remaining instance keeps committing
    // its own partition until its next heartbeat tells it to rejoin (up to 3 s).
    for (const name of STREAM_APPS) {
      await waitFor(async () => (await assignments(name)).map((a) => [...a].sort()).join('|') === '0,1,2', { timeoutMs: 120_000, intervalMs: 200, description: `${name}: all partitions on the one instance left` });
    }
    await progressMs('back to one instance each');
    steps['3→1'] = Date.now() - scaledDownAt;
    for (const name of STREAM_APPS) expect((await assignments(name)).map((a) => [...a].sort())).toEqual([[0, 1, 2]]);

    await sleep(3000);
    await load.stop();
    await stack.waitDrained(180_000);
    const verdict = await judge(stack, load);
    report('scale-1-3-1', verdict, { progressAfterStepMs: steps });
    expectClean(verdict);
  }, 1_200_000);
});
