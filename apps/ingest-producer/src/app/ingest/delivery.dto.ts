import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DeliveryDto {
  @ApiProperty({ example: 'text-lines' })
  topic!: string;

  @ApiProperty({ example: 2 })
  partition!: number;

  @ApiProperty({ example: '17', nullable: true, description: 'int64 offset as a decimal string; null only with INGEST_ACKS=0' })
  offset!: string | null;

  @ApiProperty({ example: '0b7c4c1e-3f4e-4d47-9a53-4f1f0c3c2c11' })
  id!: string;
}

export class BatchEntryResultDto {
  @ApiProperty({ description: 'Position of the entry in the request (0-based; NDJSON blank lines are not counted)' })
  index!: number;

  @ApiProperty({ enum: ['stored', 'refused', 'failed'], description: 'refused: bad input, do not retry as is; failed: broker unavailable, retry' })
  status!: 'stored' | 'refused' | 'failed';

  @ApiPropertyOptional()
  partition?: number;

  @ApiPropertyOptional({ nullable: true })
  offset?: string | null;

  @ApiPropertyOptional()
  id?: string;

  @ApiPropertyOptional({ description: 'HTTP status the entry would have had alone (400, 413, 503)' })
  statusCode?: number;

  @ApiPropertyOptional({ description: 'The field at fault' })
  field?: string;

  @ApiPropertyOptional()
  error?: string;
}

export class BatchResultDto {
  @ApiProperty()
  topic!: string;

  @ApiProperty()
  stored!: number;

  @ApiProperty()
  refused!: number;

  @ApiProperty()
  failed!: number;

  @ApiProperty({ type: [BatchEntryResultDto] })
  results!: BatchEntryResultDto[];
}
