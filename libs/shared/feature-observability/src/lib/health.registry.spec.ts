import { HealthRegistry } from './health.registry';

describe('HealthRegistry', () => {
  it('is down when nothing is registered', async () => {
    expect((await new HealthRegistry().evaluate()).ok).toBe(false);
  });

  it('is up only when every check passes', async () => {
    const registry = new HealthRegistry();
    registry.register('a', () => ({ ok: true }));
    expect((await registry.evaluate()).ok).toBe(true);
    registry.register('b', async () => ({ ok: false, detail: 'disconnected' }));
    expect(await registry.evaluate()).toEqual({ ok: false, checks: { a: { ok: true }, b: { ok: false, detail: 'disconnected' } } });
  });

  it('turns a throwing or hanging check into a failure', async () => {
    const registry = new HealthRegistry();
    registry.register('throws', () => {
      throw new Error('boom');
    });
    registry.register('hangs', () => new Promise(() => undefined));
    const result = await registry.evaluate(50);
    expect(result.checks['throws']).toEqual({ ok: false, detail: 'boom' });
    expect(result.checks['hangs'].ok).toBe(false);
  });
});
