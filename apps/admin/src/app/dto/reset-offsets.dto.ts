import { ApiProperty } from '@nestjs/swagger';
import { IsString, Validate, type ValidationArguments, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { TopicNameRule } from '../common/topic-name';

export type OffsetTarget =
  | 'earliest'
  | 'latest'
  | { timestamp: number }
  | { offsets: { partition: number; offset: number }[] };

const isNonNegativeInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Why `to` is not one of the four accepted shapes, or undefined. */
export function offsetTargetProblem(to: unknown): string | undefined {
  if (to === 'earliest' || to === 'latest') return undefined;
  if (typeof to !== 'object' || to === null || Array.isArray(to)) return 'to must be "earliest", "latest", {"timestamp"} or {"offsets": [...]}';
  const keys = Object.keys(to);
  if (keys.length !== 1) return 'to must hold exactly one of "timestamp" or "offsets"';
  const value = (to as Record<string, unknown>)[keys[0]];
  if (keys[0] === 'timestamp') return isNonNegativeInt(value) ? undefined : 'to.timestamp must be milliseconds since the epoch';
  if (keys[0] !== 'offsets') return `to.${keys[0]} is not allowed`;
  if (!Array.isArray(value) || value.length === 0) return 'to.offsets must be a non-empty list of {"partition", "offset"}';
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) return 'to.offsets entries must be {"partition", "offset"}';
    const { partition, offset, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return `to.offsets entries may only hold partition and offset (got ${Object.keys(rest).join(', ')})`;
    if (!isNonNegativeInt(partition) || !isNonNegativeInt(offset)) return 'to.offsets entries need a partition and an offset, both integers >= 0';
  }
  const partitions = value.map((e: { partition: number }) => e.partition);
  if (new Set(partitions).size !== partitions.length) return 'to.offsets names a partition twice';
  return undefined;
}

@ValidatorConstraint({ name: 'offsetTarget' })
export class OffsetTargetRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return offsetTargetProblem(value) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return offsetTargetProblem(args.value) ?? 'invalid to';
  }
}

export class ResetOffsetsDto {
  @ApiProperty({ example: 'text-lines' })
  @IsString()
  @Validate(TopicNameRule)
  topic!: string;

  @ApiProperty({
    description: '"earliest", "latest", {"timestamp": ms} or {"offsets": [{"partition", "offset"}]}',
    oneOf: [
      { type: 'string', enum: ['earliest', 'latest'] },
      { type: 'object', properties: { timestamp: { type: 'integer' } }, required: ['timestamp'] },
      {
        type: 'object',
        properties: { offsets: { type: 'array', items: { type: 'object', properties: { partition: { type: 'integer' }, offset: { type: 'integer' } } } } },
        required: ['offsets'],
      },
    ],
  })
  @Validate(OffsetTargetRule)
  to!: OffsetTarget;
}
