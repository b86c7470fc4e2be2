/** A token counts as a word when it holds at least one letter or digit, in any script. */
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Unicode whitespace, including tabs, non-breaking and ideographic spaces. */
const WHITESPACE = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
/** Leading and trailing characters that are neither letters, digits nor marks. */
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu;

/** The words of a line: whitespace-separated tokens holding at least one letter or digit. */
export function wordsOf(text: string): string[] {
  return text.split(WHITESPACE).filter((token) => HAS_LETTER_OR_DIGIT.test(token));
}

export function countWords(text: string): number {
  return wordsOf(text).length;
}

/**
 * The key a word is totalled under: lower case, without the punctuation around it,
 * so "Kafka," and "kafka" are one word. Inner punctuation stays ("don't", "e-mail").
 */
export function normaliseWord(word: string): string {
  return word.normalize('NFC').toLowerCase().replace(EDGE_PUNCTUATION, '');
}

export interface LineCount {
  readonly words: number;
  readonly alert: boolean;
  /** Occurrences of each normalised word in this line. */
  readonly occurrences: ReadonlyMap<string, number>;
}

/** Everything word-count needs from one line: its count, whether it alerts, and its words. */
export function countLine(text: string, threshold: number): LineCount {
  const words = wordsOf(text);
  const occurrences = new Map<string, number>();
  for (const word of words) {
    const key = normaliseWord(word);
    occurrences.set(key, (occurrences.get(key) ?? 0) + 1);
  }
  return { words: words.length, alert: words.length > threshold, occurrences };
}
