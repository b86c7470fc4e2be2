import { waitFor } from '@kstream/kafka/testing';
import { Load } from './load';
import { ProgressMonitor } from './monitor';
import { OwnBroker } from './own-broker';
import type { ChaosProfile } from './profile';
import { ChaosStack, STREAM_APPS } from './stack';

export interface BrokerStream {
  readonly broker: OwnBroker;
  readonly stack: ChaosStack;
  readonly load: Load;
  readonly monitor: ProgressMonitor;
}

/** Brings up a broker of its own and the three apps on it, streaming. */
export async function brokerStream(profile: ChaosProfile): Promise<BrokerStream> {
  const broker = await OwnBroker.start();
  // Ingest gives up on an ack after 5 s instead of 15: the outage shows in its answers sooner.
  const stack = await ChaosStack.open({ brokers: broker.bootstrap, env: { 'ingest-producer': { INGEST_ACK_TIMEOUT_MS: '5000' } } });
  await stack.start('ingest-producer');
  for (const name of STREAM_APPS) await stack.start(name);
  const load = new Load({ ingest: () => stack.ingestUrls(), rate: profile.rate, maxPerKind: profile.rate * 600, run: stack.suffix }).start();
  const monitor = new ProgressMonitor(stack).start();
  await waitFor(async () => (await Promise.all(STREAM_APPS.map((app) => stack.committed(app)))).every((c) => c > 100), { timeoutMs: 120_000, description: 'both processors progressing' });
  return { broker, stack, load, monitor };
}


/** Stops what brokerStream started, whatever state a failed scenario left it in. */
export async function closeBrokerStream(run: BrokerStream | undefined): Promise<void> {
  run?.monitor.stop();
  await run?.load.stop();
  await run?.stack.close();
  await run?.broker.stop();
}
