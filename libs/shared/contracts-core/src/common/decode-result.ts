/**
 * Why a record could not be decoded. The reason is a stable code that ends up in the
 * `dlq-reason` header, so dashboards and redrive tooling can group on it.
 */
export const VIOLATION_REASONS = [
  'empty-value',
  'too-large',
  'invalid-utf8',
  'invalid-json',
  'contract-violation',
  'not-a-number',
  // A Confluent-framed Avro value: bad framing or bytes, an id the registry does not know, a
  // writer's schema that does not resolve to the contract's Avro form.
  'avro-undecodable',
  'avro-schema-unknown',
  'avro-schema-incompatible',
] as const;

export type ViolationReason = (typeof VIOLATION_REASONS)[number];

export class ContractViolation {
  constructor(
    readonly reason: ViolationReason,
    readonly message: string,
    /** Dotted path of the field at fault, when there is one. */
    readonly field?: string,
  ) {}
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; violation: ContractViolation };

export const decoded = <T>(value: T): Decoded<T> => ({ ok: true, value });
export const violated = <T = never>(
  reason: ViolationReason,
  message: string,
  field?: string,
): Decoded<T> => ({ ok: false, violation: new ContractViolation(reason, message, field) });
