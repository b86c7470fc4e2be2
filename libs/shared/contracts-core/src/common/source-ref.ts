import { IsInt, IsNotEmpty, IsNumberString, IsString, Min } from 'class-validator';

/** Where an output record came from: the input's topic, partition and offset. */
export class SourceRef {
  @IsString()
  @IsNotEmpty()
  topic!: string;

  @IsInt()
  @Min(0)
  partition!: number;

  /** Offsets are int64 in Kafka; kept as a decimal string as kafkajs does. */
  @IsNumberString({ no_symbols: true })
  offset!: string;
}
