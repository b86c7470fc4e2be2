import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';

/** Thrown at start-up when the environment is invalid; the message lists every bad variable. */
export class EnvValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvValidationError';
  }
}

/**
 * Validates the environment once, at start-up, into a typed object. Unknown variables
 * are ignored (the process environment holds much more than ours); every known one
 * is converted and checked, and all problems are reported together.
 */
export function loadEnv<T extends object>(cls: ClassConstructor<T>, env: NodeJS.ProcessEnv = process.env): T {
  const instance = plainToInstance(cls, { ...env }, { enableImplicitConversion: false, excludeExtraneousValues: true, exposeDefaultValues: true });
  const errors = validateSync(instance, { skipMissingProperties: false });
  if (errors.length > 0) {
    const problems = errors.map((e) => {
      const given = env[e.property];
      const shown = given === undefined ? 'unset' : /PASSWORD|SECRET|TOKEN/i.test(e.property) ? 'set (hidden)' : JSON.stringify(given);
      return `${e.property} (${shown}): ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new EnvValidationError(problems);
  }
  return instance;
}
