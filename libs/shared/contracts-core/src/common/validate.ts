import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { decoded, violated, type Decoded } from './decode-result';

/** Flattens nested class-validator errors into "field: message" pairs. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...describeValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Validates a plain object against a contract class. Unknown fields are refused
 * (forbidNonWhitelisted) so a producer that drifts from the contract is noticed
 * at the first record rather than silently dropped fields.
 */
export function validateContract<T extends object>(cls: ClassConstructor<T>, plain: unknown): Decoded<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return violated('contract-violation', `expected a JSON object for ${cls.name}`);
  }
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const [first, ...rest] = describeValidationErrors(errors);
    const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
    return violated('contract-violation', `${first.field}: ${first.message}${more}`, first.field);
  }
  return decoded(instance);
}
