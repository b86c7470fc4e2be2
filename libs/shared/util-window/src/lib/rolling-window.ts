/** The state of one series: its last values (oldest first) and how many it has seen. */
export interface WindowState {
  readonly window: readonly number[];
  readonly count: number;
}

export interface WindowStep extends WindowState {
  /** Null while the window is not full, then the mean of the window. */
  readonly mean: number | null;
}

export const EMPTY_WINDOW: WindowState = { window: [], count: 0 };

/**
 * The mean of a full window: the sum of its values divided by its size, in IEEE doubles,
 * summed oldest first so replaying the same input always gives the same bits. When the
 * sum overflows (values near ±1.8e308) it sums the values scaled down by an exact power
 * of two and scales the mean back up, so the mean stays finite.
 */
export function meanOf(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  let mean = sum / values.length;
  if (!Number.isFinite(mean)) {
    const scale = 2 ** -16;
    let scaled = 0;
    for (const v of values) scaled += v * scale;
    mean = scaled / values.length / scale;
  }
  // -0 + 0 is +0 in IEEE arithmetic; keep a window of -0s at -0 rather than flip the sign.
  return mean === 0 ? (values.every((v) => Object.is(v, -0)) ? -0 : 0) : mean;
}

/** Adds a value to a series' window of `size` and returns the new state with its mean. */
export function pushValue(state: WindowState, value: number, size: number): WindowStep {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be a positive integer, got ${size}`);
  if (!Number.isFinite(value)) throw new RangeError(`value must be finite, got ${value}`);
  const window = [...state.window, value].slice(-size);
  const count = state.count + 1;
  return { window, count, mean: window.length === size ? meanOf(window) : null };
}
