import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chaosProfile } from './profile';
import { summary, type Verdict } from './verdict';

/** Where each scenario appends its figures, one JSON object a line (CHAOS_REPORT overrides). */
export const REPORT_FILE = process.env['CHAOS_REPORT'] ?? join(tmpdir(), `kstream-chaos-${chaosProfile().name}.jsonl`);

/** Prints the scenario's line and appends its figures to the report file, from which docs/reliability.md is written. */
export function report(scenario: string, verdict: Verdict, measured: Record<string, unknown> = {}): void {
  process.stdout.write(`${summary(scenario, verdict, measured)}\n`);
  mkdirSync(dirname(REPORT_FILE), { recursive: true });
  appendFileSync(
    REPORT_FILE,
    `${JSON.stringify({
      scenario,
      profile: chaosProfile().name,
      at: new Date().toISOString(),
      acked: verdict.acked,
      indeterminate: verdict.indeterminate,
      indeterminateLanded: verdict.indeterminateLanded,
      indeterminateStatuses: verdict.indeterminateStatuses,
      refused: verdict.refused,
      lost: verdict.lost.length,
      lostBeforeInput: verdict.lostBeforeInput.length,
      duplicates: verdict.duplicates.length,
      inputDuplicates: verdict.inputDuplicates.length,
      phantoms: verdict.phantoms.length,
      meanMismatches: verdict.meanMismatches.length,
      totalMismatches: verdict.totalMismatches.length,
      results: verdict.results,
      deadLetters: verdict.deadLetters,
      validDeadLettered: verdict.validDeadLettered.length,
      ...measured,
    })}\n`,
  );
}

/** The assertions every row shares: nothing acked lost, no valid input dead-lettered, nothing twice, nothing invented, means as the model says, word totals as a recount says. */
export function expectClean(verdict: Verdict): void {
  expect({ lost: verdict.lost.slice(0, 10), validDeadLettered: verdict.validDeadLettered.slice(0, 10), duplicates: verdict.duplicates.slice(0, 10), inputDuplicates: verdict.inputDuplicates.slice(0, 10), phantoms: verdict.phantoms.slice(0, 10), meanMismatches: verdict.meanMismatches.slice(0, 5), totalMismatches: verdict.totalMismatches.slice(0, 5), refused: verdict.refused }).toEqual({
    lost: [],
    validDeadLettered: [],
    duplicates: [],
    inputDuplicates: [],
    phantoms: [],
    meanMismatches: [],
    totalMismatches: [],
    refused: 0,
  });
  expect(verdict.acked).toBeGreaterThan(0);
}
