import { IsNotEmpty, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_ID_LENGTH } from '@kstream/contracts-core';

export const DEFAULT_SERIES = 'default';
export const MAX_SERIES_LENGTH = 256;

/** JSON envelope of a `numbers` record (header `content-type: application/json`). */
export class NumberEnvelope {
  /** A finite IEEE double; JSON has no NaN, and 1e309 parses to Infinity, which is refused. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_SERIES_LENGTH)
  series?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ID_LENGTH)
  id?: string;
}

/** A number as the consumers see it, with its series resolved. */
export interface SeriesNumber {
  readonly value: number;
  /** JSON `series`, else the record key, else `default`. */
  readonly series: string;
  readonly id?: string;
}
