import { Logger } from '@nestjs/common';
import { loggerOptionsFromEnv, ServiceLogger } from './service-logger';

const NOW = () => new Date('2026-01-02T03:04:05.678Z');

function capture(format: 'json' | 'pretty', level?: 'log' | 'debug') {
  const lines: string[] = [];
  const logger = new ServiceLogger('word-count', { format, level, now: NOW, write: (line) => lines.push(line) });
  return { logger, lines, json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('ServiceLogger', () => {
  it('writes one JSON object per line with time, level, service, context and the message', () => {
    const { logger, json } = capture('json');
    logger.log('listening', 'WordCountService');
    logger.warn('no context');
    expect(json()).toEqual([
      { time: '2026-01-02T03:04:05.678Z', level: 'log', service: 'word-count', context: 'WordCountService', msg: 'listening' },
      { time: '2026-01-02T03:04:05.678Z', level: 'warn', service: 'word-count', msg: 'no context' },
    ]);
  });

  it('turns an object message into fields, so a record can be followed by its id', () => {
    const { logger, json, lines } = capture('json');
    logger.warn({ msg: 'text-lines/0@4 → DLQ', id: 'abc-1', partition: 0, offset: '4' }, 'WordCountService');
    expect(json()[0]).toMatchObject({ msg: 'text-lines/0@4 → DLQ', id: 'abc-1', partition: 0, offset: '4', context: 'WordCountService' });

    const pretty = capture('pretty');
    pretty.logger.warn({ msg: 'text-lines/0@4 → DLQ', id: 'abc-1', reason: 'not a number' }, 'WordCountService');
    expect(pretty.lines).toEqual(['03:04:05.678 WARN    [WordCountService] text-lines/0@4 → DLQ id=abc-1 reason="not a number"']);
    expect(lines).toHaveLength(1);
  });

  it('keeps the stack of errors, whether Nest passes it as a string or an Error is logged', () => {
    const { logger, json } = capture('json');
    const error = new Error('broker gone');
    logger.error('send failed', error.stack, 'IngestService');
    logger.error(error);
    const [first, second] = json();
    expect(first).toMatchObject({ level: 'error', msg: 'send failed', context: 'IngestService' });
    expect(first['stack']).toContain('broker gone');
    expect(second).toMatchObject({ level: 'error', msg: 'broker gone', error: 'Error' });
    expect(second['stack']).toContain('service-logger.spec.ts');
  });

  it('prints a readable line in a terminal, stack below it', () => {
    const { logger, lines } = capture('pretty');
    logger.log('listening on http://0.0.0.0:3002');
    logger.error('failed', new Error('x').stack);
    expect(lines[0]).toBe('03:04:05.678 LOG     [word-count] listening on http://0.0.0.0:3002');
    expect(lines[1].split('\n')[0]).toBe('03:04:05.678 ERROR   [word-count] failed');
    expect(lines[1].split('\n')[2]).toMatch(/^\s+at /);
  });

  it('drops levels below the one asked for', () => {
    const quiet = capture('json', 'log');
    quiet.logger.debug('hidden');
    quiet.logger.verbose('hidden');
    quiet.logger.fatal('shown');
    expect(quiet.json().map((r) => r['msg'])).toEqual(['shown']);
    const chatty = capture('json', 'debug');
    chatty.logger.debug('shown');
    expect(chatty.lines).toHaveLength(1);
  });

  it('serves Nest Logger instances once installed', () => {
    const { logger, json } = capture('json');
    Logger.overrideLogger(logger);
    try {
      new Logger('ExactlyOnceEngine').log({ msg: 'committed', id: 'x-1' });
      new Logger('Kafka').error('crashed', 'Error: boom\n    at f (a.ts:1:1)');
    } finally {
      Logger.overrideLogger(true);
    }
    expect(json()).toEqual([
      expect.objectContaining({ context: 'ExactlyOnceEngine', msg: 'committed', id: 'x-1' }),
      expect.objectContaining({ context: 'Kafka', msg: 'crashed', stack: 'Error: boom\n    at f (a.ts:1:1)' }),
    ]);
  });
});

describe('loggerOptionsFromEnv', () => {
  it('is JSON in production or when LOG_FORMAT=json, readable otherwise', () => {
    expect(loggerOptionsFromEnv({ NODE_ENV: 'production' }).format).toBe('json');
    expect(loggerOptionsFromEnv({ LOG_FORMAT: 'json' }).format).toBe('json');
    expect(loggerOptionsFromEnv({}).format).toBe('pretty');
    expect(loggerOptionsFromEnv({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).format).toBe('pretty');
    expect(loggerOptionsFromEnv({ NODE_ENV: 'production' }).colours).toBe(false);
  });

  it('refuses unknown formats and levels with the variable named', () => {
    expect(() => loggerOptionsFromEnv({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    expect(() => loggerOptionsFromEnv({ LOG_LEVEL: 'trace' })).toThrow(/LOG_LEVEL/);
    expect(loggerOptionsFromEnv({ LOG_LEVEL: 'debug' }).level).toBe('debug');
  });
});
