import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export class AddPartitionsDto {
  @ApiProperty({ example: 6, description: 'The new total partition count; it can only grow.' })
  @IsInt()
  @Min(1, { message: 'count must be at least 1' })
  @Max(10_000)
  count!: number;
}
