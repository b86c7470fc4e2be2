import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Admin, Kafka } from 'kafkajs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { INTERNAL_TOPICS, TOPIC_SPECS, type TopicNames } from '@kstream/contracts-core';
import { loadEnv } from '@kstream/kafka';
import { buildApp, ChildApp, provisionTestTopics, testKafka, testKafkaEnv, uniqueSuffix, waitFor } from '@kstream/kafka/testing';
// The end-to-end test runs the whole stack in this process, so it boots the other apps' modules.
import { TEST_TOKEN } from '../../testing/admin-app';
import { findChromium } from '../../testing/chromium';
import { AdminEnv } from '../admin.env';
import { AppModule } from '../app.module';
import { configureApp } from '../configure-app';
import { DashboardFeed, DASHBOARD_GROUP_PREFIX } from './dashboard-feed.service';
import { DASHBOARD_SETTINGS, DEFAULT_DASHBOARD_SETTINGS } from './dashboard.settings';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface PageGlobals {
  readonly document: { getElementById(id: string): { dataset: Record<string, string | undefined> } | null };
}
const SCREENSHOT = join(process.cwd(), 'docs', 'dashboard.png');

/**
 * The other three apps run as real processes from their builds, as in production: an app
 * never imports another app's code, and the page sees them only through HTTP and Kafka.
 */
async function startChildApp(project: string, env: Record<string, string>): Promise<{ child: ChildApp; base: string }> {
  const child = new ChildApp(buildApp(project), { KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '', ...env }, project);
  const base = await child.start();
  await waitFor(async () => (await fetch(`${base}/health`).catch(() => undefined))?.status === 200, {
    timeoutMs: 90_000,
    description: `${project} healthy (log: ${child.logFile})`,
  });
  return { child, base };
}

describe('dashboard in headless Chromium, on the whole stack and a real broker', () => {
  const suffix = uniqueSuffix();
  const wordCountGroup = `word-count-${suffix}`;
  const rollingMeanGroup = `rolling-mean-${suffix}`;
  let kafka: Kafka;
  let admin: Admin;
  let topics: TopicNames;
  let ingest: { child: ChildApp; base: string } | undefined;
  let wordCount: { child: ChildApp; base: string } | undefined;
  let rollingMean: { child: ChildApp; base: string } | undefined;
  let dashboard: INestApplication | undefined;
  let base: string;
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
  let page: Page;

  beforeAll(async () => {
    // Before the stack starts: without a browser the suite fails at once, with the places it looked.
    const browser = await findChromium();
    kafka = testKafka('dashboard-e2e');
    topics = await provisionTestTopics(kafka, suffix);
    admin = kafka.admin();
    await admin.connect();

    const kafkaEnv = testKafkaEnv();
    [ingest, wordCount, rollingMean] = await Promise.all([
      startChildApp('ingest-producer', { TOPIC_SUFFIX: suffix }),
      startChildApp('word-count', { TOPIC_SUFFIX: suffix, WORD_COUNT_GROUP_ID: wordCountGroup }),
      startChildApp('rolling-mean', { TOPIC_SUFFIX: suffix, ROLLING_MEAN_GROUP_ID: rollingMeanGroup }),
    ]);

    const adminEnv = loadEnv(AdminEnv, {
      ADMIN_TOKEN: TEST_TOKEN,
      RATE_LIMIT_BURST: '1000',
      LAG_SAMPLE_INTERVAL_MS: '1000',
      INGEST_URL: ingest.base,
      WORD_COUNT_URL: wordCount.base,
      ROLLING_MEAN_URL: rollingMean.base,
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ kafkaEnv, adminEnv, topics })] })
      .overrideProvider(DASHBOARD_SETTINGS)
      .useValue({ ...DEFAULT_DASHBOARD_SETTINGS, groups: [wordCountGroup, rollingMeanGroup], overviewIntervalMs: 1000 })
      .compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
    configureApp(app, adminEnv);
    await app.listen(0, '127.0.0.1');
    dashboard = app;
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    userDataDir = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
    // A flag the browser's own list already sets (e.g. its --headless mode) keeps that value.
    const ownFlags = new Set(browser.args.map((flag) => flag.split('=')[0]));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: browser.executablePath,
      headless: true,
      args: [...browser.args, ...FLAGS.filter((flag) => !ownFlags.has(flag.split('=')[0]))],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await dashboard?.close();
    await Promise.all([ingest?.child.kill('SIGTERM'), wordCount?.child.kill('SIGTERM'), rollingMean?.child.kill('SIGTERM')]);
    await admin?.disconnect();
  });

  it('refuses to forward a line without the admin token when one is set', async () => {
    const res = await fetch(`${base}/dashboard/send/line`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'no token' }) });
    expect(res.status).toBe(401);
  });

  it('shows an alert for a long line and the rolling means of 1, 2, 3, 4, then saves a screenshot', async () => {
    await page.goto(`${base}/`);
    await page.locator('#token-row').waitFor({ state: 'visible' });
    await page.fill('#admin-token', TEST_TOKEN);
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 30_000 });
    // As a user would: send once the page shows the broker and the three apps up (the stream apps have joined their groups).
    await waitFor(async () => (await page.locator('#health li.up').count()) === 4, { timeoutMs: 60_000, description: 'broker and three apps shown up' });

    const send = async (form: 'line' | 'number') => {
      const answered = page.waitForResponse((r) => r.url().endsWith(`/dashboard/send/${form}`));
      await page.click(`#send-${form} button[type="submit"]`);
      const res = await answered;
      expect({ form, status: res.status() }).toEqual({ form, status: 201 });
    };

    await page.fill('#line-text', 'hello kafka');
    await send('line');
    const long = `the dashboard raised an alert for this long line ${suffix}`;
    await page.fill('#line-text', long);
    await send('line');
    const alert = page.locator('#lines li.alert', { hasText: long });
    await alert.waitFor({ timeout: 60_000 }).catch(async (error: Error) => {
      throw new Error(`${error.message}\nthe page showed:\n${await page.locator('main').innerText()}`);
    });
    expect(await alert.getAttribute('data-words')).toBe('10');
    await page.locator('#alerts li.alert', { hasText: long }).waitFor();
    expect(await page.locator('#lines li', { hasText: 'hello kafka' }).getAttribute('class')).toBe('');

    const series = `sensor-${suffix}`;
    await page.fill('#number-series', series);
    for (const value of ['1', '2', '3', '4']) {
      await page.fill('#number-value', value);
      await send('number');
    }
    const chart = page.locator('#series-chart');
    await page.waitForFunction(
      (name) => {
        // Runs in the page; the test's own types have no DOM.
        const svg = (globalThis as unknown as PageGlobals).document.getElementById('series-chart');
        return svg?.dataset['series'] === name && JSON.parse(svg.dataset['means'] ?? '[]').length === 4;
      },
      series,
      { timeout: 60_000 },
    );
    expect(JSON.parse((await chart.getAttribute('data-values')) ?? '')).toEqual([1, 2, 3, 4]);
    expect(JSON.parse((await chart.getAttribute('data-means')) ?? '')).toEqual([null, null, 2, 3]);

    // The rest of the page: top words, the stack's topics, both groups with lag history, DLQs, health.
    await page.locator('#top-words li[data-word="kafka"]').waitFor();
    expect(await page.locator('#topics tr').count()).toBe(TOPIC_SPECS.length);
    expect(await page.locator('#topics tr.internal').count()).toBe(INTERNAL_TOPICS.length);
    expect(await page.locator(`#topics tr[data-topic="${topics.textLines}"] td`).allTextContents()).toEqual([topics.textLines, '3', '2']);
    await page.locator(`#groups li[data-group="${wordCountGroup}"][data-lag="0"]`).waitFor({ timeout: 30_000 });
    await page.locator(`#groups li[data-group="${rollingMeanGroup}"] .spark path.spark-line`).waitFor({ state: 'attached', timeout: 30_000 });
    expect(await page.locator(`#dlq a[href="/dlq/${encodeURIComponent(topics.textLinesDlq)}"]`).count()).toBe(1);

    // The overview is read every second; wait until it has caught up with the numbers for the picture.
    await waitFor(async () => Number(await page.locator(`#topics tr[data-topic="${topics.rollingMeans}"] td.num`).last().textContent()) >= 4, {
      timeoutMs: 30_000,
      description: 'rolling-means message count on the page',
    });
    await page.click('header h1'); // no focused input in the picture
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it('deletes the reader\'s throw-away group when the admin service stops', async () => {
    const group = dashboard?.get(DashboardFeed).group;
    expect(group?.startsWith(DASHBOARD_GROUP_PREFIX)).toBe(true);
    await context?.close();
    context = undefined;
    await dashboard?.close();
    dashboard = undefined;
    const { groups } = await admin.listGroups();
    expect(groups.map((g) => g.groupId)).not.toContain(group);
  });
});
