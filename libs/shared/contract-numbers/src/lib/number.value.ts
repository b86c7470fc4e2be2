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

/**
 * A series name as the consumers key it: Unicode NFC, so `café` typed as one code point (NFC) and
 * as `e` plus a combining accent (NFD, as some keyboards and file systems give it) are one series.
 */
export function seriesName(name: string): string {
  return name.normalize('NFC');
}

/** A number as the consumers see it, with its series resolved. */
export interface SeriesNumber {
  readonly value: number;
  /** JSON `series`, else the record key, else `default`; in NFC (`seriesName`). */
  readonly series: string;
  readonly id?: string;
}
