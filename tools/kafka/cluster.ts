import * as fs from 'node:fs';
import * as path from 'node:path';
import { BrokerHandle, BrokerOptions, randomClusterId, readMetaProperties, startBroker } from './broker';
import { KafkaToolError } from './errors';
import { ensureKafkaJars } from './jars';
import { clusterDataDir } from './paths';
import { checkJava } from './prerequisites';

export interface ClusterNodePorts {
  port: number;
  controllerPort: number;
}

export interface ClusterOptions
  extends Pick<
    BrokerOptions,
    'host' | 'heap' | 'jvmArgs' | 'autoCreateTopics' | 'serverProperties' | 'startTimeoutMs' | 'stopTimeoutMs' | 'detached'
  > {
  /** Number of nodes (each broker+controller; all are voters). Default 3. */
  nodes?: number;
  /**
   * Node i (0-based, node.id i+1) gets client port basePort+2i and controller
   * port basePort+2i+1. Default 19092 -> 19092/19093, 19094/19095, 19096/19097.
   */
  basePort?: number;
  /** Explicit ports per node (e.g. from freePorts()); overrides basePort. */
  ports?: ClusterNodePorts[];
  /** Parent dir; node i lives in `<dataDir>/node-<id>`. Default `<repo>/.kafka/data/cluster`. */
  dataDir?: string;
  /** Dir of the node logs (`<logDir>/<logPrefix>node-<id>.log`). Default: each node's data dir. */
  logDir?: string;
  /** Prefix of log file names. Default ''. */
  logPrefix?: string;
  /** Default: the id already in node-1's data dir, else a new random one. */
  clusterId?: string;
}

export interface ClusterHandle {
  /** '127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096' */
  bootstrap: string;
  clusterId: string;
  /** Handles of the nodes as last started (a stopped node keeps its handle; see isRunning()). */
  nodes: BrokerHandle[];
  /** Options used for node `nodeId` (to restart it). */
  nodeOptions(nodeId: number): BrokerOptions;
  /** Stops one node (fault tests). */
  stopNode(nodeId: number): Promise<void>;
  /** (Re)starts one stopped node with its original options; resolves when it is ready. */
  startNode(nodeId: number): Promise<BrokerHandle>;
  /** Stops all nodes (in parallel). */
  stop(): Promise<void>;
}

/**
 * Starts an N-node KRaft cluster on 127.0.0.1: every node is broker+controller,
 * all N are voters of a static controller quorum. Replication defaults:
 * replication factor min(3, N), min.insync.replicas 2 (1 for N < 3).
 */
export async function startCluster(opts: ClusterOptions = {}): Promise<ClusterHandle> {
  const n = opts.nodes ?? 3;
  if (!Number.isInteger(n) || n < 1) throw new KafkaToolError(`nodes must be a positive integer, got ${n}`);
  const host = opts.host ?? '127.0.0.1';
  const basePort = opts.basePort ?? 19092;
  const ports: ClusterNodePorts[] =
    opts.ports ?? Array.from({ length: n }, (_, i) => ({ port: basePort + 2 * i, controllerPort: basePort + 2 * i + 1 }));
  if (ports.length !== n) throw new KafkaToolError(`ports has ${ports.length} entries, expected ${n}`);
  const root = path.resolve(opts.dataDir ?? clusterDataDir);
  const nodeIds = ports.map((_, i) => i + 1);
  const nodeDir = (id: number) => path.join(root, `node-${id}`);

  checkJava();
  const classpath = await ensureKafkaJars();
  fs.mkdirSync(root, { recursive: true });

  // All nodes must share one cluster id; reuse the one on disk if any.
  const onDisk = nodeIds.map((id) => readMetaProperties(nodeDir(id))?.clusterId).find(Boolean);
  const clusterId = opts.clusterId ?? onDisk ?? randomClusterId();

  const rf = Math.min(3, n);
  const minIsr = n >= 3 ? 2 : 1;
  const voters = nodeIds.map((id, i) => `${id}@${host}:${ports[i].controllerPort}`).join(',');
  const options = new Map<number, BrokerOptions>();
  nodeIds.forEach((id, i) => {
    options.set(id, {
      nodeId: id,
      host,
      port: ports[i].port,
      controllerPort: ports[i].controllerPort,
      dataDir: nodeDir(id),
      logDir: opts.logDir,
      name: `${opts.logPrefix ?? ''}node-${id}`,
      clusterId,
      controllerQuorumVoters: voters,
      detached: opts.detached,
      heap: opts.heap,
      jvmArgs: opts.jvmArgs,
      autoCreateTopics: opts.autoCreateTopics,
      startTimeoutMs: opts.startTimeoutMs,
      stopTimeoutMs: opts.stopTimeoutMs,
      classpath,
      serverProperties: {
        'default.replication.factor': rf,
        'min.insync.replicas': minIsr,
        'offsets.topic.replication.factor': rf,
        'transaction.state.log.replication.factor': rf,
        'transaction.state.log.min.isr': minIsr,
        'share.coordinator.state.topic.replication.factor': rf,
        'share.coordinator.state.topic.min.isr': minIsr,
        ...opts.serverProperties,
      },
    });
  });

  // Start all at once: a node's broker side only becomes ready once the
  // controller quorum (a majority of nodes) has elected a leader.
  const results = await Promise.allSettled(nodeIds.map((id) => startBroker(options.get(id)!)));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) {
    await Promise.all(
      results.map((r) => (r.status === 'fulfilled' ? r.value.stop() : Promise.resolve())),
    );
    const reasons = failed.map((r) => (r.reason instanceof Error ? r.reason.message : String(r.reason)));
    throw new KafkaToolError(`Kafka cluster failed to start:\n${reasons.join('\n\n')}`);
  }
  const nodes = results.map((r) => (r as PromiseFulfilledResult<BrokerHandle>).value);

  const indexOf = (nodeId: number) => {
    const i = nodes.findIndex((h) => h.nodeId === nodeId);
    if (i < 0) throw new KafkaToolError(`No node ${nodeId} in this cluster (nodes: ${nodeIds.join(', ')})`);
    return i;
  };

  return {
    bootstrap: nodes.map((h) => h.bootstrap).join(','),
    clusterId,
    nodes,
    nodeOptions: (nodeId) => ({ ...options.get(nodeId)! }),
    stopNode: async (nodeId) => {
      await nodes[indexOf(nodeId)].stop();
    },
    startNode: async (nodeId) => {
      const i = indexOf(nodeId);
      if (nodes[i].isRunning()) return nodes[i];
      nodes[i] = await startBroker(options.get(nodeId)!);
      return nodes[i];
    },
    stop: async () => {
      await Promise.all(nodes.map((h) => h.stop()));
    },
  };
}
