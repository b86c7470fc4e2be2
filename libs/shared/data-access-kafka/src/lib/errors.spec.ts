import { isRetriable, isRetriableOrWrapsOne, withRetries } from './errors';

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
