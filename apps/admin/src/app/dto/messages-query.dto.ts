import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

export class MessagesQueryDto {
  @ApiPropertyOptional({ description: 'Only this partition' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  partition?: number;

  @ApiPropertyOptional({ description: 'Start here; without it the latest records are returned' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ description: 'How many records (default 20, capped at MESSAGES_MAX_LIMIT)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;
}
