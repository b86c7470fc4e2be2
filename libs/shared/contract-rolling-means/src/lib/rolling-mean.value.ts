import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsString,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SourceRef } from '@kstream/contracts-core';

export const DEFAULT_ROLLING_WINDOW = 3;
/** Upper bound of ROLLING_WINDOW, so a record's window stays small. */
export const MAX_ROLLING_WINDOW = 1000;

/** Value of a `rolling-means` record. Key: the series. */
export class RollingMeanRecord {
  @IsString()
  @IsNotEmpty()
  series!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;

  /** The last values of the series, at most the window size, oldest first. */
  @IsArray()
  @ArrayMaxSize(MAX_ROLLING_WINDOW)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  window!: number[];

  /** How many values the series has had so far. */
  @IsInt()
  @Min(1)
  count!: number;

  /** Null until the series has a full window; then the mean of the window. */
  @ValidateIf((_, mean) => mean !== null)
  @IsNumber({ allowNaN: false })
  mean!: number | null;

  @ValidateNested()
  @Type(() => SourceRef)
  source!: SourceRef;

  @IsISO8601({ strict: true })
  processedAt!: string;
}
