import { ApiProperty } from '@nestjs/swagger';
import { IsObject, Validate, type ValidationArguments, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

@ValidatorConstraint({ name: 'configChanges' })
export class ConfigChangesRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      Object.keys(value).length > 0 &&
      Object.values(value).every((v) => typeof v === 'string' || v === null)
    );
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must map at least one config name to a string (set) or null (back to the default)`;
  }
}

export class UpdateConfigsDto {
  @ApiProperty({
    example: { 'retention.ms': '3600000', 'cleanup.policy': null },
    description: 'Configs to set; null returns a config to its default. Others are kept.',
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
  })
  @IsObject()
  @Validate(ConfigChangesRule)
  configs!: Record<string, string | null>;
}
