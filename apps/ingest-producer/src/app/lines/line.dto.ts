import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { MAX_ID_LENGTH } from '@kstream/contracts-core';

export const MAX_KEY_LENGTH = 1024;

/** POST /lines as JSON; a text/plain body is the text alone. */
export class LineDto {
  @ApiProperty({ example: 'the quick brown fox', description: 'The line; a text/plain body is this field alone' })
  @IsString()
  @IsNotEmpty()
  text!: string;

  @ApiPropertyOptional({ example: 'user-42', description: 'Message key: murmur2 picks the partition, as the Java client would' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_KEY_LENGTH)
  key?: string;

  @ApiPropertyOptional({ example: 1, description: 'Pins the partition (overrides the key)' })
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
