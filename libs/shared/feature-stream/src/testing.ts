import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { startStream } from './lib/connect-stream';

/**
 * A stream processor's app module as the integration tests run it: the exactly-once transport
 * started (group joined, state restored), then HTTP on a free loopback port. Close it with `app.close()`.
 */
export async function startStreamApp(module: DynamicModule): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await startStream(app);
  await app.listen(0, '127.0.0.1');
  return app;
}
