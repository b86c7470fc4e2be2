import * as net from 'node:net';

/** A TCP port that was free on `host` a moment ago (the OS picks it: listen on port 0). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return freePorts(1, host).then((p) => p[0]);
}

/** `count` distinct free ports (all held open together while choosing, so no duplicates). */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, host, () => resolve());
      });
      ports.push((server.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
