import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';

/** Value of a `word-totals` record (compacted). Key: the normalised word, equal to `word`. */
export class WordTotal {
  @IsString()
  @IsNotEmpty()
  word!: string;

  @IsInt()
  @Min(1)
  count!: number;
}
