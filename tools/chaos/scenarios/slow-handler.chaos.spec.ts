import { readFileSync } from 'node:fs';
import { Load, sleep } from '../lib/load';
import { expectClean, report } from '../lib/report';
import { ChaosStack, type Instance, withSharedStack } from '../lib/stack';
import { judge } from '../lib/verdict';

/** The engine's session timeout; the handler takes longer than that for every line. */
const SESSION_TIMEOUT_MS = 10_000;
const DELAY_MS = 12_000;
const LINES = 5;

/** How often an instance joined its group: once means it was never thrown out. */
const joins = (instance: Instance) => (readFileSync(instance.app.logFile, 'utf8').match(/\] joined /g) ?? []).length;

describe(`a word-count handler slower than the session timeout (${DELAY_MS} ms a line, session ${SESSION_TIMEOUT_MS} ms)`, () => {
  let stack: ChaosStack;
  withSharedStack((opened) => (stack = opened));

  it('keeps its member (no rebalance loop) and loses nothing', async () => {
    await stack.start('ingest-producer');
    const wordCount = await stack.start('word-count', { WORD_COUNT_PROCESSING_DELAY_MS: String(DELAY_MS) });
    const rollingMean = await stack.start('rolling-mean');
    const started = Date.now();
    const load = new Load({ ingest: () => stack.ingestUrls(), rate: 1, maxPerKind: LINES, run: stack.suffix }).start();
    await sleep(LINES * 1000 + 2000);
    await load.stop();
    // Every line costs DELAY_MS; a rebalance loop would never get through them.
    await stack.waitDrained(LINES * DELAY_MS * 3);
    const drainedMs = Date.now() - started;

    const verdict = await judge(stack, load);
    const wordCountJoins = joins(wordCount);
    report('slow-handler', verdict, { delayMs: DELAY_MS, sessionTimeoutMs: SESSION_TIMEOUT_MS, wordCountJoins, rollingMeanJoins: joins(rollingMean), drainedMs });
    expectClean(verdict);
    expect(wordCountJoins).toBe(1);
  }, 900_000);
});
