import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsNumber, IsString, Min } from 'class-validator';
import { MAX_ROLLING_WINDOW } from '@kstream/contract-rolling-means';

/**
 * Value of a `rolling-mean-state` record (compacted changelog). Key: the series.
 * Written in the same transaction as the output, so it always matches what was published.
 */
export class WindowStateRecord {
  @IsString()
  @IsNotEmpty()
  series!: string;

  @IsArray()
  @ArrayMaxSize(MAX_ROLLING_WINDOW)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  window!: number[];

  @IsInt()
  @Min(0)
  count!: number;
}
