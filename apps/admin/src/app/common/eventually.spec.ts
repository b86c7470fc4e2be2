import { allSettled, eventually } from './eventually';

describe('eventually', () => {
  it('re-reads until the value settles', async () => {
    let n = 0;
    await expect(eventually(async () => ++n, (v) => v >= 3, 1000, 1)).resolves.toBe(3);
  });

  it('returns the last value, or rethrows the last error, at the deadline', async () => {
    await expect(eventually(async () => 1, (v) => v > 1, 20, 5)).resolves.toBe(1);
    await expect(eventually(async () => Promise.reject(new Error('still not there')), () => true, 20, 5)).rejects.toThrow('still not there');
  });
});

describe('allSettled', () => {
  it('gives the values in order', async () => {
    await expect(allSettled([Promise.resolve(1), Promise.resolve('a')])).resolves.toEqual([1, 'a']);
  });

  it('fails with the first error only after every call has finished', async () => {
    let slowDone = false;
    const slow = new Promise<number>((resolve) => setTimeout(() => ((slowDone = true), resolve(2)), 30));
    await expect(allSettled([Promise.reject(new Error('fast failure')), slow])).rejects.toThrow('fast failure');
    expect(slowDone).toBe(true);
  });
});
