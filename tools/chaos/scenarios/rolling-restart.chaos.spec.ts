import { waitFor } from '@kstream/kafka/testing';
import { Load, sleep } from '../lib/load';
import { chaosProfile } from '../lib/profile';
import { expectClean, report } from '../lib/report';
import { APPS, ChaosStack, STREAM_APPS, type AppName, withSharedStack } from '../lib/stack';
import { judge } from '../lib/verdict';

const profile = chaosProfile();

describe('a SIGTERM rolling restart of every app, admin included (two instances each), during a stream', () => {
  let stack: ChaosStack;
  withSharedStack((opened) => (stack = opened));

  /** Waits until both processors have committed more than they had now. */
  async function bothProgress(what: string): Promise<void> {
    const before = await Promise.all(STREAM_APPS.map((app) => stack.committed(app)));
    await waitFor(async () => (await Promise.all(STREAM_APPS.map((app) => stack.committed(app)))).every((c, i) => c > before[i]), {
      timeoutMs: 120_000,
      intervalMs: 200,
      description: `both processors progressing ${what}`,
    });
  }

  it('loses nothing acknowledged and duplicates nothing; every instance stops by itself', async () => {
    for (const name of APPS) for (let i = 0; i < 2; i++) await stack.start(name);
    const load = new Load({ ingest: () => stack.ingestUrls(), rate: profile.rate, maxPerKind: profile.rate * 900, run: stack.suffix }).start();
    await bothProgress('before the restart');

    const stops: { app: AppName; ms: number; forced: boolean }[] = [];
    for (const name of APPS) {
      for (const old of stack.instances(name)) {
        const stopped = await stack.stop(old, 'SIGTERM');
        stops.push({ app: name, ...stopped });
        const next = await stack.start(name);
        // Admin is off the data path: its replacement must serve the stack's topics again.
        if (name === 'admin') expect((await fetch(`${next.url}/topics/${encodeURIComponent(stack.topics.textLines)}`)).status).toBe(200);
        await bothProgress(`after restarting an instance of ${name}`);
      }
    }
    await sleep(3000);
    await load.stop();
    await stack.waitDrained(180_000);

    const verdict = await judge(stack, load);
    report('rolling-restart', verdict, {
      restarts: stops.length,
      stopMaxMs: Math.max(...stops.map((s) => s.ms)),
      forcedStops: stops.filter((s) => s.forced).length,
      stopMs: Object.fromEntries(APPS.map((app) => [app, stops.filter((s) => s.app === app).map((s) => s.ms)])),
    });
    expectClean(verdict);
    expect(stops.filter((s) => s.forced)).toEqual([]);
  }, 1_200_000);
});
