import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';

export class SendLineDto {
  @ApiProperty({ example: 'the quick brown fox jumps over the lazy dog' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  text!: string;
}

export class SendNumberDto {
  @ApiProperty({ example: 4 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;

  @ApiPropertyOptional({ example: 'temperature', description: 'the series (the record key); ingest-producer uses "default" without it' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  series?: string;
}
