import * as net from 'node:net';
import { noDelaySocketFactory } from './socket-factory';

describe('noDelaySocketFactory', () => {
  it('connects like kafkajs does and turns Nagle off on the socket', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const setNoDelay = jest.spyOn(net.Socket.prototype, 'setNoDelay');
    try {
      const connected = new Promise<void>((resolve) => {
        const socket = noDelaySocketFactory({ host: '127.0.0.1', port, ssl: null as never, onConnect: () => resolve() });
        socket.on('close', () => undefined);
      });
      await connected;
      expect(setNoDelay).toHaveBeenCalledWith(true);
    } finally {
      setNoDelay.mockRestore();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
