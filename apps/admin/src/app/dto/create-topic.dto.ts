import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, Max, Min, Validate, type ValidatorConstraintInterface, ValidatorConstraint, type ValidationArguments } from 'class-validator';
import { TopicNameRule } from '../common/topic-name';

@ValidatorConstraint({ name: 'stringMap' })
export class StringMapRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must map config names to string values`;
  }
}

export class CreateTopicDto {
  @ApiProperty({ example: 'orders', description: "1-249 of [a-zA-Z0-9._-], not '.' or '..'" })
  @IsString()
  @Validate(TopicNameRule)
  name!: string;

  @ApiProperty({ example: 2, minimum: 1 })
  @IsInt()
  @Min(1, { message: 'partitions must be at least 1' })
  @Max(10_000)
  partitions!: number;

  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt()
  @Min(1, { message: 'replicationFactor must be at least 1' })
  @Max(32)
  replicationFactor!: number;

  @ApiPropertyOptional({ example: { 'cleanup.policy': 'compact' }, type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  @Validate(StringMapRule)
  configs?: Record<string, string>;
}
