import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsInt, IsOptional, Min, ValidateNested } from 'class-validator';

export class RecordRefDto {
  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(0)
  partition!: number;

  @ApiProperty({ example: 42 })
  @IsInt()
  @Min(0)
  offset!: number;
}

export class RedriveDto {
  @ApiPropertyOptional({ type: [RecordRefDto], description: 'The dead letters to send back; or set all' })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => RecordRefDto)
  offsets?: RecordRefDto[];

  @ApiPropertyOptional({ description: 'Send back every dead letter of the topic (up to MESSAGES_MAX_LIMIT per call)' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;
}
