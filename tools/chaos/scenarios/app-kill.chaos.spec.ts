import { randomInt } from 'node:crypto';
import { waitFor } from '@kstream/kafka/testing';
import { Load, sleep } from '../lib/load';
import { chaosProfile } from '../lib/profile';
import { expectClean, report } from '../lib/report';
import { ChaosStack, STREAM_APPS, type Instance, withSharedStack } from '../lib/stack';
import { judge } from '../lib/verdict';

const profile = chaosProfile();

describe(`word-count and rolling-mean SIGKILLed ×${profile.appKills} during a stream through ingest`, () => {
  let stack: ChaosStack;
  withSharedStack((opened) => (stack = opened));

  it('loses nothing acknowledged, duplicates nothing, and every rolling mean equals the reference model', async () => {
    await stack.start('ingest-producer');
    const live = new Map<string, Instance>();
    for (const name of STREAM_APPS) live.set(name, await stack.start(name));
    const load = new Load({ ingest: () => stack.ingestUrls(), rate: profile.rate, maxPerKind: profile.rate * 900, run: stack.suffix }).start();

    const recoveries: number[] = [];
    for (let round = 0; round < profile.appKills; round++) {
      // Let each processor commit a little since its last start, then kill at a random moment,
      // so the kills land before, inside and after transactions.
      const before = await Promise.all(STREAM_APPS.map((app) => stack.committed(app)));
      await waitFor(async () => (await Promise.all(STREAM_APPS.map((app) => stack.committed(app)))).every((c, i) => c > before[i] + 20), {
        timeoutMs: 120_000,
        intervalMs: 200,
        description: `both processors progressing (round ${round + 1})`,
      });
      await sleep(randomInt(0, 1500));
      for (const instance of live.values()) await stack.stop(instance, 'SIGKILL');
      const killedAt = Date.now();
      const atKill = await Promise.all(STREAM_APPS.map((app) => stack.committed(app)));
      for (const name of STREAM_APPS) live.set(name, await stack.start(name));
      // Recovery: from the kill until both replacements have committed past what the dead ones left.
      await waitFor(async () => (await Promise.all(STREAM_APPS.map((app) => stack.committed(app)))).every((c, i) => c > atKill[i]), {
        timeoutMs: 120_000,
        intervalMs: 100,
        description: `both replacements committing (round ${round + 1})`,
      });
      recoveries.push(Date.now() - killedAt);
    }
    await sleep(3000);
    await load.stop();
    await stack.waitDrained(180_000);

    const verdict = await judge(stack, load);
    report('app-sigkill', verdict, { kills: recoveries.length, recoveryMs: recoveries, recoveryMaxMs: Math.max(...recoveries) });
    expectClean(verdict);
  }, 1_200_000);
});
