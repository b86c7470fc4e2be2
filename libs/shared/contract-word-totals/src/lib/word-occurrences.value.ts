import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';

/**
 * Value of a `word-count-words-repartition` record (internal to word-count). Key: the normalised
 * word, equal to `word`, so every occurrence of a word reaches the one partition holding its total.
 * One record per word per transaction of the first stage.
 */
export class WordOccurrences {
  @IsString()
  @IsNotEmpty()
  word!: string;

  /** Occurrences to add to the word's total. */
  @IsInt()
  @Min(1)
  count!: number;
}
