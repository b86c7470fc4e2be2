import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { HttpEnv } from './http-env';

export type HttpLimits = Pick<HttpEnv, 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_KEEP_ALIVE_TIMEOUT_MS' | 'HTTP_MAX_CONNECTIONS'>;

/**
 * Bounds what a client can hold of an app's HTTP server: headers, request and keep-alive timeouts
 * and a cap on open connections. (No inactivity timeout on responses: the dashboard's event stream
 * and a long DLQ redrive may rightly write nothing for a while.) Node checks its own headers
 * and request timeouts only every 30 s (`connectionsCheckingInterval`, fixed when the server is
 * created, which Nest does), so a connection that has not completed its first request's headers
 * within `HTTP_HEADERS_TIMEOUT_MS` is also closed by a timer of its own: a slowloris trickling one
 * byte at a time is cut off on time, not up to 30 s late. Call before or after `listen`; it applies
 * to connections from then on.
 */
export function limitHttpServer(app: INestApplication, limits: HttpLimits): void {
  const server = app.getHttpServer() as Server;
  server.headersTimeout = limits.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = limits.HTTP_REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = limits.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  server.maxConnections = limits.HTTP_MAX_CONNECTIONS;
  const firstHeaders = new WeakMap<Socket, NodeJS.Timeout>();
  server.on('connection', (socket: Socket) => {
    const timer = setTimeout(() => socket.destroy(), limits.HTTP_HEADERS_TIMEOUT_MS);
    timer.unref();
    firstHeaders.set(socket, timer);
    socket.once('close', () => clearTimeout(timer));
  });
  server.on('request', (request: { socket: Socket }) => {
    const timer = firstHeaders.get(request.socket);
    if (timer) clearTimeout(timer);
    firstHeaders.delete(request.socket);
  });
}
