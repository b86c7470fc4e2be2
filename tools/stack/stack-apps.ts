/** The four services `npm start` runs, with their default ports (docs/architecture.md). */
export interface StackApp {
  readonly name: string;
  readonly portEnv: string;
  readonly defaultPort: number;
  readonly docs?: string;
}

export const STACK_APPS: readonly StackApp[] = [
  { name: 'admin', portEnv: 'ADMIN_PORT', defaultPort: 3000, docs: '/docs' },
  { name: 'ingest-producer', portEnv: 'INGEST_PORT', defaultPort: 3001, docs: '/docs' },
  { name: 'word-count', portEnv: 'WORD_COUNT_PORT', defaultPort: 3002 },
  { name: 'rolling-mean', portEnv: 'ROLLING_MEAN_PORT', defaultPort: 3003 },
];

export function appPort(app: StackApp, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[app.portEnv];
  if (raw === undefined || raw === '') return app.defaultPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${app.portEnv} must be a port number, got "${raw}"`);
  return port;
}
