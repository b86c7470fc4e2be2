import { errorChain, isRetriable, isRetriableOrWrapsOne, KstreamError, withRetries } from './errors';

const retriable = Object.assign(new Error('This server does not host this topic-partition'), { retriable: true });
const fatal = Object.assign(new Error('Topic authorization failed'), { retriable: false });

describe('withRetries', () => {
  it('retries retriable errors and returns the first success', async () => {
    let calls = 0;
    const result = await withRetries(async () => {
      calls += 1;
      if (calls < 3) throw retriable;
      return 'ok';
    }, { backoffMs: 1 });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up after the bound and rethrows the last error', async () => {
    let calls = 0;
    await expect(withRetries(async () => { calls += 1; throw retriable; }, { attempts: 4, backoffMs: 1 })).rejects.toBe(retriable);
    expect(calls).toBe(4);
  });

  it('does not retry a non-retriable error', async () => {
    let calls = 0;
    await expect(withRetries(async () => { calls += 1; throw fatal; }, { backoffMs: 1 })).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it('looks inside kafkajs retry-exhausted wrappers', () => {
    const wrapped = Object.assign(new Error('Number of retries exceeded'), { retriable: false, originalError: retriable });
    expect(isRetriable(wrapped)).toBe(false);
    expect(isRetriableOrWrapsOne(wrapped)).toBe(true);
  });
});

describe('KstreamError and errorChain', () => {
  it("gives the stack's own errors kafkajs's retriable flag", () => {
    expect(isRetriable(new KstreamError('buffer full', true))).toBe(true);
    expect(isRetriable(new KstreamError('bad setting', false))).toBe(false);
  });

  it('walks errors, group errors, originalError and cause once each, depth first', () => {
    const broker = Object.assign(new Error('Topic authorization failed'), { type: 'TOPIC_AUTHORIZATION_FAILED' });
    // kafkajs's retry wrapper holds the same error as originalError and cause.
    const wrapped = Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: broker, cause: broker });
    const aggregate = Object.assign(new Error('several'), { errors: [wrapped], groups: [{ error: new Error('group g') }] });
    expect(errorChain(aggregate).map((e) => e.message)).toEqual(['several', 'retries exceeded', 'Topic authorization failed', 'group g']);
  });

  it('stops at a cycle and at depth 6, and gives nothing for a non-object', () => {
    const a: { message: string; cause?: unknown } = { message: 'a' };
    a.cause = a;
    expect(errorChain(a)).toHaveLength(1);
    let deep: unknown = { message: 'bottom' };
    for (let i = 0; i < 10; i++) deep = { message: `level ${i}`, cause: deep };
    expect(errorChain(deep)).toHaveLength(6);
    expect(errorChain('text')).toEqual([]);
  });
});
