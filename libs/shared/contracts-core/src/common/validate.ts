import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ContractViolation, decoded, violated, type Decoded } from './decode-result';

/** Deeper than any record of the contracts nests (their deepest field is at level 2). */
export const MAX_JSON_DEPTH = 32;

/** Whether a parsed JSON value nests arrays or objects more than `max` levels deep; iterative, so any depth is safe. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    const depth = item.depth + 1;
    if (depth > max) return true;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth });
  }
  return false;
}

/** Keys class-transformer skips without a word, so forbidNonWhitelisted never sees them. */
const SKIPPED_KEYS: readonly string[] = ['__proto__', 'constructor'];

/**
 * What class-transformer cannot be trusted with, checked before it runs: it recurses into every
 * value, so 10k nested arrays overflow the stack (a throw, where a refusal naming the field is
 * due), and it drops "__proto__" and "constructor", so those unknown fields would pass unseen.
 */
export function shapeViolation(plain: object): ContractViolation | undefined {
  const deep = Object.entries(plain).find(([, value]) => nestedDeeperThan(value, MAX_JSON_DEPTH));
  if (deep) return new ContractViolation('contract-violation', `${deep[0]}: nested deeper than ${MAX_JSON_DEPTH} levels`, deep[0]);
  const skipped = Object.keys(plain).find((key) => SKIPPED_KEYS.includes(key));
  if (skipped !== undefined) return new ContractViolation('contract-violation', `${skipped}: property ${skipped} should not exist`, skipped);
  return undefined;
}

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
  const shape = shapeViolation(plain);
  if (shape) return { ok: false, violation: shape };
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const [first, ...rest] = describeValidationErrors(errors);
    const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
    return violated('contract-violation', `${first.field}: ${first.message}${more}`, first.field);
  }
  return decoded(instance);
}
