import { readFileSync } from 'node:fs';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { KstreamError } from '../errors';

/** Thrown at start-up when the environment is invalid; the message lists every bad variable. */
export class EnvValidationError extends KstreamError {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`, false);
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

/**
 * Secrets may come from files the environment names (`NAME_FILE`, as with Docker or
 * Kubernetes secrets) instead of the variable itself. Returns a copy of `env` with each
 * `NAME` filled from its file (one trailing newline dropped). Problems name the variable
 * and the path, never the content.
 */
export function resolveSecretFiles(env: NodeJS.ProcessEnv, names: readonly string[]): NodeJS.ProcessEnv {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of names) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name} and ${name}_FILE are both set: keep one`);
      continue;
    }
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(`${name}_FILE (${JSON.stringify(file)}): cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    const value = content.replace(/\r?\n$/, '');
    if (value === '') problems.push(`${name}_FILE (${JSON.stringify(file)}): the file is empty`);
    else out[name] = value;
  }
  if (problems.length > 0) throw new EnvValidationError(problems);
  return out;
}
