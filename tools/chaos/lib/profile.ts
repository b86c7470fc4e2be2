/**
 * How big a chaos run is. `full` is `npm run test:chaos` (every row of the suite at the sizes
 * the issue names); `quick` is the reduced run inside `npm test`: fewer faults and records, in
 * the scenario files `npm run test:chaos:quick` names. Chosen by CHAOS_PROFILE.
 */
export interface ChaosProfile {
  readonly name: 'quick' | 'full';
  /** SIGKILLs of each stream processor during one stream. */
  readonly appKills: number;
  /** Partition-leader SIGKILLs on the three-node cluster. */
  readonly leaderKills: number;
  /** Requests per second the load sends to each of /lines and /numbers. */
  readonly rate: number;
}

const PROFILES: Record<ChaosProfile['name'], ChaosProfile> = {
  quick: { name: 'quick', appKills: 3, leaderKills: 1, rate: 40 },
  full: { name: 'full', appKills: 10, leaderKills: 5, rate: 60 },
};

export function chaosProfile(env: NodeJS.ProcessEnv = process.env): ChaosProfile {
  const name = env['CHAOS_PROFILE'] ?? 'full';
  if (name !== 'quick' && name !== 'full') throw new Error(`CHAOS_PROFILE must be quick or full, got ${name}`);
  return PROFILES[name];
}

