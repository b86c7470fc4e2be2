import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsNotEmpty, IsString, Min, ValidateNested } from 'class-validator';
import { SourceRef } from '@kstream/contracts-core';

export const DEFAULT_WORD_ALERT_THRESHOLD = 6;

/**
 * Value of a `word-counts` record, and of a `word-alerts` record (the same record,
 * published there too when `alert` is true). Key: the input's key.
 */
export class WordCountRecord {
  @IsString()
  @IsNotEmpty()
  id!: string;

  @IsString()
  text!: string;

  @IsInt()
  @Min(0)
  words!: number;

  @IsBoolean()
  alert!: boolean;

  @IsInt()
  @Min(0)
  threshold!: number;

  @ValidateNested()
  @Type(() => SourceRef)
  source!: SourceRef;

  @IsISO8601({ strict: true })
  processedAt!: string;
}
