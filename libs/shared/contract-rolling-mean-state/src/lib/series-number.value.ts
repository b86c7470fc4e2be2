import { Type } from 'class-transformer';
import { IsNotEmpty, IsNumber, IsString, ValidateNested } from 'class-validator';
import { SourceRef } from '@kstream/contracts-core';

/**
 * Value of a `rolling-mean-series-repartition` record (internal to rolling-mean): one number of
 * `numbers`, decoded, with its series resolved. Key: the series, equal to `series`, so a series is
 * one window whatever partition, partitioner or key its numbers were written with.
 */
export class SeriesNumber {
  @IsString()
  @IsNotEmpty()
  series!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;

  /** The input's id. */
  @IsString()
  @IsNotEmpty()
  id!: string;

  /** Where the number was read from `numbers`: the outputs name it as their source, not this topic. */
  @ValidateNested()
  @Type(() => SourceRef)
  source!: SourceRef;
}
