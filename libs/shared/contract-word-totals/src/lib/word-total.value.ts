import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';

/**
 * Value of a `word-totals` record (compacted). Key: the normalised word, equal to `word`, in the
 * partition the Java client's murmur2 of the key picks: a word's latest record is its whole total.
 */
export class WordTotal {
  @IsString()
  @IsNotEmpty()
  word!: string;

  @IsInt()
  @Min(1)
  count!: number;
}
