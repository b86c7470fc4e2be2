/** The seed's random events, for demos and load: who, how much, how long since the last one, a flag. */
export interface RandomEvent {
  readonly name: string;
  readonly surname: string;
  readonly amount: number;
  /** Milliseconds since the previous event. */
  readonly delta_t: number;
  readonly flag: boolean;
}

const NAMES = ['Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy'];
const SURNAMES = ['Smith', 'Jones', 'Garcia', 'Müller', 'Rossi', 'Dubois', 'Novak', 'Silva', 'Kim', 'Olsen'];
const VERBS = ['sent', 'paid', 'moved', 'received', 'returned', 'pledged'];
const FILLER = ['quickly', 'again', 'on', 'a', 'rainy', 'tuesday', 'for', 'the', 'shared', 'kitchen', 'fund', 'before', 'lunch', 'as', 'promised'];

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)];

export function randomEvent(random: () => number = Math.random, meanGapMs = 100): RandomEvent {
  return {
    name: pick(NAMES, random),
    surname: pick(SURNAMES, random),
    amount: Math.round(random() * 100_000) / 100,
    // Exponential gaps: arrivals of a Poisson process, like independent users.
    delta_t: Math.round(-Math.log(1 - random()) * meanGapMs),
    flag: random() < 0.5,
  };
}

/** A sentence about the event, between 4 and 14 words, so some cross the word-count alert threshold. */
export function sentence(event: RandomEvent, random: () => number = Math.random): string {
  const extra = Array.from({ length: Math.floor(random() * 11) }, () => pick(FILLER, random));
  return [event.name, event.surname, pick(VERBS, random), event.amount.toFixed(2), ...extra].join(' ') + (event.flag ? '!' : '.');
}
