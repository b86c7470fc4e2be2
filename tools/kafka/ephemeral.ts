import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrokerHandle, BrokerOptions, startBroker } from './broker';
import { ClusterHandle, ClusterOptions, startCluster } from './cluster';
import { freePorts } from './free-port';

/**
 * For tests (e.g. a Jest globalSetup): a broker / cluster on free ports in a
 * fresh temp dir, as a child of this process. stop() also deletes the temp dir
 * unless keepData is set (or KAFKA_KEEP_TEST_DATA=1).
 */

export interface EphemeralOptions {
  /** Keep the temp dir after stop() (for post-mortems). Default: $KAFKA_KEEP_TEST_DATA === '1'. */
  keepData?: boolean;
  /** Prefix of the temp dir in os.tmpdir(). Default 'kafka-test-'. */
  tmpPrefix?: string;
}

export type EphemeralBrokerHandle = BrokerHandle & { tmpDir: string };
export type EphemeralClusterHandle = ClusterHandle & { tmpDir: string };

export function removeLater(dir: string, keep: boolean | undefined): void {
  if (keep ?? process.env.KAFKA_KEEP_TEST_DATA === '1') return;
  fs.rmSync(dir, { recursive: true, force: true });
}

export async function startEphemeralBroker(
  opts: Omit<BrokerOptions, 'port' | 'controllerPort' | 'dataDir' | 'detached'> & EphemeralOptions = {},
): Promise<EphemeralBrokerHandle> {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix ?? 'kafka-test-'));
  const [port, controllerPort] = await freePorts(2);
  // On a startup failure the temp dir is left in place: the error names its log file.
  const broker = await startBroker({ ...opts, port, controllerPort, dataDir: tmpDir, detached: false });
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

export async function startEphemeralCluster(
  opts: Omit<ClusterOptions, 'ports' | 'basePort' | 'dataDir' | 'detached'> & EphemeralOptions = {},
): Promise<EphemeralClusterHandle> {
  const n = opts.nodes ?? 3;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix ?? 'kafka-test-cluster-'));
  const p = await freePorts(2 * n);
  const ports = Array.from({ length: n }, (_, i) => ({ port: p[2 * i], controllerPort: p[2 * i + 1] }));
  const cluster = await startCluster({ ...opts, nodes: n, ports, dataDir: tmpDir, detached: false });
  const stop = cluster.stop;
  return Object.assign(cluster, {
    tmpDir,
    stop: async () => {
      await stop();
      removeLater(tmpDir, opts.keepData);
    },
  });
}
