/**
 * How big a chaos run is. `full` is `npm run test:chaos` (every row of the suite at the sizes
 * the issue names); `quick` is the reduced run inside `npm test`: fewer faults, fewer records,
 * the scenarios that need a cluster or long pauses left out. Chosen by CHAOS_PROFILE.
 */
export interface ChaosProfile {
  readonly name: 'quick' | 'full';
  /** SIGKILLs of each stream processor during one stream. */
  readonly appKills: number;
  /** Partition-leader SIGKILLs on the three-node cluster. */
  readonly leaderKills: number;
  /** Requests per second the load sends to each of /lines and /numbers. */
  readonly rate: number;
  /** Whether the scenarios that only the full run covers (cluster, pause, slow handler, scaling, rolling restart) run. */
  readonly full: boolean;
}

const PROFILES: Record<ChaosProfile['name'], ChaosProfile> = {
  quick: { name: 'quick', appKills: 3, leaderKills: 1, rate: 40, full: false },
  full: { name: 'full', appKills: 10, leaderKills: 5, rate: 60, full: true },
};

export function chaosProfile(env: NodeJS.ProcessEnv = process.env): ChaosProfile {
  const name = env['CHAOS_PROFILE'] ?? 'full';
  if (name !== 'quick' && name !== 'full') throw new Error(`CHAOS_PROFILE must be quick or full, got ${name}`);
  return PROFILES[name];
}

/** `describe` for the scenarios the quick profile leaves out (they still show up as skipped). */
export const describeFull: jest.Describe = chaosProfile().full ? describe : describe.skip;
