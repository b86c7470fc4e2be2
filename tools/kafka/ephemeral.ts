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

/**
 * Starts a single node on two free ports in a fresh temp dir (`tmpPrefix`), as a child of this
 * process; the handle's stop() also deletes the dir unless keepData. On a startup failure the
 * dir is left in place: the error names its log file.
 */
export async function onEphemeralPorts<H extends { stop: () => Promise<void> }>(
  opts: EphemeralOptions,
  defaultPrefix: string,
  start: (node: { port: number; controllerPort: number; dataDir: string; detached: false }) => Promise<H>,
): Promise<H & { tmpDir: string }> {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix ?? defaultPrefix));
  const [port, controllerPort] = await freePorts(2);
  const node = await start({ port, controllerPort, dataDir: tmpDir, detached: false });
  const stop = node.stop;
  return {
    ...node,
    tmpDir,
    stop: async () => {
      await stop();
      removeLater(tmpDir, opts.keepData);
    },
  };
}

export async function startEphemeralBroker(
  opts: Omit<BrokerOptions, 'port' | 'controllerPort' | 'dataDir' | 'detached'> & EphemeralOptions = {},
): Promise<EphemeralBrokerHandle> {
  return onEphemeralPorts(opts, 'kafka-test-', (node) => startBroker({ ...opts, ...node }));
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
