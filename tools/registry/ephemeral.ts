import { EphemeralOptions, onEphemeralPorts } from '../kafka/ephemeral';
import { RegistryHandle, RegistryOptions, startRegistry } from './registry';

export type EphemeralRegistryHandle = RegistryHandle & { tmpDir: string };

/**
 * For tests: a registry on a free port with its log and temp files in a fresh temp dir, as a child
 * of this process (in-memory storage: it starts empty). stop() also deletes the temp dir unless
 * keepData is set (or KAFKA_KEEP_TEST_DATA=1, as for the test brokers). On a startup failure the
 * dir is left in place: the error names its log file.
 */
export function startEphemeralRegistry(
  opts: Omit<RegistryOptions, 'port' | 'dir' | 'detached'> & EphemeralOptions = {},
): Promise<EphemeralRegistryHandle> {
  // The shared helper hands out a second (controller) port too; a registry needs only one.
  return onEphemeralPorts(opts, 'registry-test-', ({ port, dataDir }) =>
    startRegistry({ ...opts, port, dir: dataDir, detached: false }),
  );
}
