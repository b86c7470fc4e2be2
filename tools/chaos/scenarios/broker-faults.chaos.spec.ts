import { waitFor } from '@kstream/kafka/testing';
import { Load, sleep } from '../lib/load';
import { ingestRecoveryAfter, ProgressMonitor } from '../lib/monitor';
import { OwnBroker } from '../lib/own-broker';
import { chaosProfile, describeFull } from '../lib/profile';
import { expectClean, report } from '../lib/report';
import { ChaosStack, STREAM_APPS } from '../lib/stack';
import { judge } from '../lib/verdict';

const profile = chaosProfile();
/** The stream processors' session timeout (ExactlyOnceEngine default). */
const SESSION_TIMEOUT_MS = 10_000;

/** Brings up a broker of its own and the three apps on it, streaming. */
async function streaming(): Promise<{ broker: OwnBroker; stack: ChaosStack; load: Load; monitor: ProgressMonitor }> {
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

describe('the single broker SIGKILLed and restarted under load', () => {
  let run: Awaited<ReturnType<typeof streaming>> | undefined;

  afterAll(async () => {
    run?.monitor.stop();
    await run?.load.stop();
    await run?.stack.close();
    await run?.broker.stop();
  });

  it('ingest answers 503 while it is down and never a 2xx it cannot keep; the apps reconnect by themselves; nothing acked is lost', async () => {
    run = await streaming();
    const { broker, stack, load, monitor } = run;

    await broker.kill();
    const killedAt = Date.now();
    // Down long enough for every client to notice and for ingest's ack timeout to pass.
    await waitFor(() => load.sent.some((s) => s.startedAt > killedAt && s.outcome === 'indeterminate'), { timeoutMs: 60_000, description: 'ingest to answer 503 while the broker is down' });
    await sleep(2000);
    const restartAt = Date.now();
    await broker.restart();
    const upAt = Date.now();

    await waitFor(() => ingestRecoveryAfter(load, upAt), { timeoutMs: 120_000, description: 'a 2xx from ingest after the restart' });
    await waitFor(() => monitor.bothProgressAfter(upAt), { timeoutMs: 180_000, intervalMs: 500, description: 'both processors committing again, without being restarted' });
    await sleep(3000);
    await load.stop();
    await stack.waitDrained(180_000);
    monitor.stop();

    // Acked while no broker ran: sent after the kill and answered before the new JVM was even launched.
    const ackedWhileDown = load.sent.filter((s) => s.outcome === 'acked' && s.startedAt > killedAt && s.endedAt < restartAt);
    const whileDown = load.sent.filter((s) => s.startedAt > killedAt && s.endedAt < restartAt);
    const statuses = [...new Set(whileDown.map((s) => s.status))].sort();
    const verdict = await judge(stack, load);
    report('broker-sigkill', verdict, {
      downMs: upAt - killedAt,
      answeredWhileDown: whileDown.length,
      statusesWhileDown: statuses,
      ackedWhileDown: ackedWhileDown.length,
      ingestRecoveryMs: ingestRecoveryAfter(load, upAt),
      processorsRecoveryMs: monitor.bothProgressAfter(upAt),
    });
    expectClean(verdict);
    expect(ackedWhileDown).toEqual([]);
    expect(statuses).toEqual([503]);
  }, 900_000);
});

describeFull('the single broker paused (SIGSTOP 20 s, SIGCONT) under load', () => {
  let run: Awaited<ReturnType<typeof streaming>> | undefined;

  afterAll(async () => {
    run?.monitor.stop();
    await run?.load.stop();
    await run?.stack.close();
    await run?.broker.stop();
  });

  it('the processors move again within the session timeout of the resume; nothing acked is lost', async () => {
    run = await streaming();
    const { broker, stack, load, monitor } = run;

    process.kill(broker.pid, 'SIGSTOP');
    await sleep(20_000);
    process.kill(broker.pid, 'SIGCONT');
    const resumedAt = Date.now();

    await waitFor(() => monitor.bothProgressAfter(resumedAt), { timeoutMs: 180_000, intervalMs: 500, description: 'both processors committing after the resume' });
    await waitFor(() => ingestRecoveryAfter(load, resumedAt), { timeoutMs: 120_000, description: 'a 2xx from ingest after the resume' });
    await sleep(3000);
    await load.stop();
    await stack.waitDrained(180_000);
    monitor.stop();

    const stall = monitor.bothProgressAfter(resumedAt);
    const verdict = await judge(stack, load);
    report('broker-sigstop', verdict, {
      pausedMs: 20_000,
      processorsRecoveryMs: stall,
      wordCountRecoveryMs: monitor.progressAfter('word-count', resumedAt),
      rollingMeanRecoveryMs: monitor.progressAfter('rolling-mean', resumedAt),
      ingestRecoveryMs: ingestRecoveryAfter(load, resumedAt),
    });
    expectClean(verdict);
    expect(stall).toBeLessThan(SESSION_TIMEOUT_MS);
  }, 900_000);
});
