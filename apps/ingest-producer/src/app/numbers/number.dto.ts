import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { MAX_SERIES_LENGTH } from '@kstream/contract-numbers';
import { MAX_ID_LENGTH } from '@kstream/contracts-core';

/** POST /numbers as JSON; a text/plain body is the decimal alone. */
export class NumberDto {
  @ApiProperty({ example: 4.5, description: 'A finite number (JSON number, not a string); a text/plain body is this decimal alone' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;

  @ApiPropertyOptional({ example: 'sensor-1', description: 'Series and message key (default `default`), so a series stays in order on one partition' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_SERIES_LENGTH)
  series?: string;

  @ApiPropertyOptional({ example: 0, description: 'Pins the partition (overrides the series key)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  partition?: number;

  @ApiPropertyOptional({ description: 'Record id (header `id` and envelope `id`); generated when absent' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ID_LENGTH)
  id?: string;
}
