import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { TopicNames } from '@kstream/contracts-core';
import { loadEnv, type KafkaEnv } from '@kstream/kafka';
import { testKafkaEnv } from '@kstream/kafka/testing';
import { AdminEnv } from '../app/admin.env';
import { AppModule } from '../app/app.module';
import { configureApp } from '../app/configure-app';

export const TEST_TOKEN = 'test-admin-token-0123456789';

export interface RunningAdmin {
  readonly app: INestApplication;
  readonly base: string;
  readonly env: AdminEnv;
  /** fetch against the app; `auth: true` adds the bearer token, a string sends that header as is. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON body; the tests' assertions check its shape
  call(path: string, init?: { method?: string; body?: unknown; auth?: boolean | string }): Promise<{ status: number; body: any; text: string; headers: Headers }>;
}

/**
 * Boots the admin app on a free loopback port, with test-friendly settings unless overridden: the
 * suites check 401s and 403s on purpose, and the failed-token throttle would then lock them out
 * (hardening.int.spec.ts sets its own limits to test that throttle). `topics` are the stack's topic
 * names it works with (suffixed in tests), e.g. the DLQs it redrives and their inputs.
 */
export async function startAdmin(overrides: Record<string, string> = {}, kafkaEnv: KafkaEnv = testKafkaEnv(), topics?: TopicNames): Promise<RunningAdmin> {
  const env = loadEnv(AdminEnv, {
    ADMIN_TOKEN: TEST_TOKEN,
    RATE_LIMIT_BURST: '10000',
    READ_RATE_LIMIT_BURST: '10000',
    AUTH_FAILURE_BURST: '1000',
    AUTH_FAILURES_PER_MINUTE: '1000',
    LAG_SAMPLE_INTERVAL_MS: '0',
    ...overrides,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ kafkaEnv, adminEnv: env, topics })] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  configureApp(app, env);
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const call: RunningAdmin['call'] = async (path, init = {}) => {
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.auth === true) headers['authorization'] = `Bearer ${TEST_TOKEN}`;
    else if (typeof init.auth === 'string') headers['authorization'] = init.auth;
    const res = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body, text, headers: res.headers };
  };
  return { app, base, env, call };
}
