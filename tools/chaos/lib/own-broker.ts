import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type BrokerHandle } from '../../kafka/broker';
import { freePorts } from '../../kafka/free-port';
import { waitForPidExit } from '../../kafka/process-utils';

/**
 * A single broker that a scenario may kill, pause and restart on the same ports and data, so the
 * apps find it again where they left it. The suite's shared broker is never touched.
 */
export class OwnBroker {
  private handle?: BrokerHandle;
  private constructor(
    private readonly dataDir: string,
    private readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async start(): Promise<OwnBroker> {
    const [port, controllerPort] = await freePorts(2);
    const broker = new OwnBroker(mkdtempSync(join(tmpdir(), 'kafka-chaos-')), port, controllerPort);
    await broker.restart();
    return broker;
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  get pid(): number {
    if (!this.handle) throw new Error('the broker is not running');
    return this.handle.pid;
  }

  /** The broker's own log (server.log equivalent), for checks on what it did. */
  get logFile(): string {
    if (!this.handle) throw new Error('the broker is not running');
    return this.handle.logFile;
  }

  /** Starts it again on its ports and data; resolves once it serves clients. */
  async restart(): Promise<void> {
    this.handle = await startBroker({ name: 'chaos', port: this.port, controllerPort: this.controllerPort, dataDir: this.dataDir, detached: false });
  }

  /** SIGKILL, as a crashed machine: no clean shutdown, no leadership hand-over. */
  async kill(): Promise<void> {
    const pid = this.pid;
    process.kill(pid, 'SIGKILL');
    await waitForPidExit(pid, 10_000);
    await this.handle?.stop();
    this.handle = undefined;
  }

  async stop(): Promise<void> {
    if (this.handle) process.kill(this.handle.pid, 'SIGCONT'); // a paused JVM cannot act on SIGTERM
    await this.handle?.stop();
    if (process.env['KAFKA_KEEP_TEST_DATA'] !== '1') rmSync(this.dataDir, { recursive: true, force: true });
  }
}
