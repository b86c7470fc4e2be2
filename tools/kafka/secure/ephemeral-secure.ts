import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EphemeralOptions, removeLater } from '../ephemeral';
import { freePorts } from '../free-port';
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
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix ?? 'kafka-test-secure-'));
  const [port, controllerPort] = await freePorts(2);
  const broker = await startSecureBroker({ ...opts, port, controllerPort, dataDir: tmpDir, detached: false });
  const stop = broker.stop;
  return {
    ...broker,
    tmpDir,
    stop: async () => {
      await stop();
      removeLater(tmpDir, opts.keepData);
    },
  };
}
