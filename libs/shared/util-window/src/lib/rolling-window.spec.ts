import { EMPTY_WINDOW, pushValue, type WindowState } from './rolling-window';

function run(values: number[], size: number) {
  let state: WindowState = EMPTY_WINDOW;
  return values.map((v) => {
    const step = pushValue(state, v, size);
    state = step;
    return step;
  });
}

describe('pushValue', () => {
  it('shows only the numbers for the first two, then the mean of the last 3 (the seed exercise)', () => {
    expect(run([1, 2, 3, 4], 3).map((s) => s.mean)).toEqual([null, null, 2, 3]);
    expect(run([1, 2, 3, 4], 3).map((s) => s.window)).toEqual([[1], [1, 2], [1, 2, 3], [2, 3, 4]]);
  });

  it.each([
    [1, [5, -1, 2], [5, -1, 2]],
    [2, [5, -1, 2], [null, 2, 0.5]],
    [3, [5, -1, 2, 8], [null, null, 2, 3]],
    [5, [1, 2, 3, 4, 5, 6], [null, null, null, null, 3, 4]],
  ])('size %i over %j gives means %j', (size, values, means) => {
    expect(run(values, size).map((s) => s.mean)).toEqual(means);
  });

  it('counts every value, not just the window', () => {
    expect(run([1, 2, 3, 4, 5], 3).at(-1)).toEqual({ window: [3, 4, 5], count: 5, mean: 4 });
  });

  it('handles negative, fractional and large values', () => {
    expect(run([-1.5, -2.5, -3.5], 3).at(-1)?.mean).toBeCloseTo(-2.5, 12);
    expect(run([0.1, 0.2, 0.3], 3).at(-1)?.mean).toBe((0.1 + 0.2 + 0.3) / 3);
    // The plain sum would overflow to Infinity; the mean must stay finite.
    expect(run([Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE], 3).at(-1)?.mean).toBe(Number.MAX_VALUE);
    expect(run([1e300, 1e300, 1e300], 3).at(-1)?.mean).toBeCloseTo(1e300, -290);
    expect(run([5e-324, 5e-324, 5e-324], 3).at(-1)?.mean).toBe(5e-324);
  });

  it('keeps -0 for a window of -0s', () => {
    expect(Object.is(run([-0, -0, -0], 3).at(-1)?.mean, -0)).toBe(true);
    expect(Object.is(run([-0, 0, -0], 3).at(-1)?.mean, 0)).toBe(true);
  });

  it('refuses a bad size or a non-finite value', () => {
    expect(() => pushValue(EMPTY_WINDOW, 1, 0)).toThrow(RangeError);
    expect(() => pushValue(EMPTY_WINDOW, NaN, 3)).toThrow(RangeError);
  });
});
