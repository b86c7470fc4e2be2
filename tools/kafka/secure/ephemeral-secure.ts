import { EphemeralOptions, onEphemeralPorts } from '../ephemeral';
import { SecureBrokerHandle, SecureBrokerOptions, startSecureBroker } from './secure-broker';

export type EphemeralSecureBrokerHandle = SecureBrokerHandle & { tmpDir: string };

/**
 * For tests: a secured broker (SASL_SSL, SCRAM users per service, ACLs) on free ports in a
 * fresh temp dir; `caFile`, `users` and `clientEnv(user)` give what a client needs.
 * Kept apart from ephemeral.ts so the plain broker's global setup does not load the contracts.
 */
export async function startEphemeralSecureBroker(
  opts: Omit<SecureBrokerOptions, 'port' | 'controllerPort' | 'dataDir' | 'detached'> & EphemeralOptions = {},
): Promise<EphemeralSecureBrokerHandle> {
  return onEphemeralPorts(opts, 'kafka-test-secure-', (node) => startSecureBroker({ ...opts, ...node }));
}
