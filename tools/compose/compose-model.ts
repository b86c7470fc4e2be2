/**
 * What compose does to docker-compose.yml before it runs anything, for the validation test:
 * variable interpolation, env files, and which variables an app cannot start without.
 */
import { getMetadataStorage, ValidationTypes } from 'class-validator';

const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

function interpolateString(text: string, variables: Record<string, string | undefined>): string {
  return text.replace(VARIABLE, (match, braced?: string, operator?: string, argument?: string, bare?: string) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare) as string;
    const value = variables[name];
    const missing = operator?.startsWith(':') ? value === undefined || value === '' : value === undefined;
    if (operator?.endsWith('-')) return missing ? (argument ?? '') : (value as string);
    if (operator?.endsWith('?')) {
      if (missing) throw new Error(`required variable ${name} is missing a value: ${argument ?? ''}`);
      return value as string;
    }
    return value ?? '';
  });
}

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}` and `$$`, in every string. */
export function interpolate(node: unknown, variables: Record<string, string | undefined>): unknown {
  if (typeof node === 'string') return interpolateString(node, variables);
  if (Array.isArray(node)) return node.map((item) => interpolate(item, variables));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolate(value, variables)]));
  }
  return node;
}

/** KEY=value lines; `#` starts a comment line. */
export function parseEnvFile(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()] as const;
    });
  return Object.fromEntries(entries);
}

/**
 * The variables an env class cannot do without: validated by class-validator, not
 * optional (no @IsOptional/@ValidateIf) and without a default value.
 */
export function requiredVariables(cls: new () => object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const defaults = new cls() as Record<string, unknown>;
  const properties = [...new Set(metadata.map((m) => m.propertyName))];
  return properties.filter(
    (property) =>
      !metadata.some((m) => m.propertyName === property && m.type === ValidationTypes.CONDITIONAL_VALIDATION) && defaults[property] === undefined,
  );
}

/** Variables whose default names the loopback interface: right on a laptop, wrong inside a container. */
export function loopbackDefaults(cls: new () => object): string[] {
  const defaults = new cls() as Record<string, unknown>;
  return Object.keys(defaults).filter((property) => /\b(127\.0\.0\.1|localhost)\b/.test(String(defaults[property])));
}
