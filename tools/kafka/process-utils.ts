import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

/** Helpers about processes and ports (Linux /proc first, `ps`/`lsof` as fallback). */

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True if a process with this pid exists (and we may signal it). */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still "exists" for kill(0); treat it as dead.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return false;
  } catch {
    /* no /proc (macOS) */
  }
  return true;
}

/** The command line of a process, or undefined if it is gone / unreadable. */
export function processCommandLine(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    const r = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    const out = r.status === 0 ? r.stdout.trim() : '';
    return out || undefined;
  }
}

/** True if `pid` is alive and is a Kafka broker JVM (optionally: started with `configFile`). */
export function isKafkaBrokerPid(pid: number, configFile?: string): boolean {
  if (!isPidAlive(pid)) return false;
  const cmd = processCommandLine(pid);
  if (!cmd) return false;
  return cmd.includes('kafka.Kafka') && (!configFile || cmd.includes(configFile));
}

/** Waits until the pid is gone; false on timeout. */
export async function waitForPidExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isPidAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/** SIGTERM, wait up to `timeoutMs`, then SIGKILL (and wait for that too). */
export async function terminatePid(pid: number, timeoutMs = 20_000): Promise<void> {
  if (!isPidAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (await waitForPidExit(pid, timeoutMs)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  await waitForPidExit(pid, 5_000);
}

/** True if something accepts TCP connections on host:port within `timeoutMs`. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True if we can bind host:port right now (nobody listens on it). */
export function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Pid of the process listening on a TCP port (Linux /proc, then lsof); undefined if unknown. */
export function findListeningPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // 0A = LISTEN
      const localPort = parseInt(cols[1].split(':')[1], 16);
      if (localPort === port) inodes.add(cols[9]);
    }
  }
  if (inodes.size > 0) {
    let pids: string[] = [];
    try {
      pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    } catch {
      /* ignore */
    }
    for (const pid of pids) {
      let fds: string[];
      try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        try {
          const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
          const m = /^socket:\[(\d+)\]$/.exec(link);
          if (m && inodes.has(m[1])) return Number(pid);
        } catch {
          /* fd closed meanwhile */
        }
      }
    }
    return undefined;
  }
  const r = spawnSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'], { encoding: 'utf8' });
  const pid = r.status === 0 ? parseInt(r.stdout.trim().split('\n')[0], 10) : NaN;
  return Number.isFinite(pid) ? pid : undefined;
}

/** Human description of what probably holds a port, for error messages. */
export function describePortHolder(port: number): string {
  const pid = findListeningPid(port);
  if (pid === undefined) {
    return 'an unknown process (not visible to this user; try `ss -ltnp` or `lsof -i :' + port + '`)';
  }
  const cmd = processCommandLine(pid) ?? '';
  const short = cmd.length > 160 ? `${cmd.slice(0, 160)}...` : cmd;
  if (cmd.includes('kafka.Kafka')) {
    const config = cmd.split(' ').pop();
    return (
      `another Kafka broker, pid ${pid}, config ${config} (probably \`npm run kafka:start\` or a ` +
      `still-running test/app; stop it with \`npm run kafka:stop\` or \`kill ${pid}\`)`
    );
  }
  return `pid ${pid}: ${short}`;
}
