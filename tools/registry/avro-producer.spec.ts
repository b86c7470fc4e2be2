import * as path from 'node:path';
import { parseAvroDeliveries as parseDeliveries } from '@kstream/contracts-core/testing';
import { pinnedAvroVersion, pinnedRegistryVersion, runnerJar } from './paths';

describe('parseDeliveries', () => {
  it('reads one delivery per line, offsets kept as strings (they outgrow a double)', () => {
    expect(parseDeliveries('topic=customers partition=2 offset=9007199254740993 schema-id=7\n\ntopic=c.x-1 partition=0 offset=0 schema-id=7\n')).toEqual([
      { topic: 'customers', partition: 2, offset: '9007199254740993', schemaId: 7 },
      { topic: 'c.x-1', partition: 0, offset: '0', schemaId: 7 },
    ]);
  });

  it('refuses a line it does not understand instead of dropping it', () => {
    expect(() => parseDeliveries('topic=t partition=0 offset=1 schema-id=1\nsomething else')).toThrow(/unexpected line .*something else/);
  });
});

describe('the pinned versions', () => {
  it('come from the poms and name the runner jar', () => {
    expect(pinnedRegistryVersion()).toMatch(/^3\.\d+\.\d+$/);
    expect(pinnedAvroVersion()).toMatch(/^1\.\d+\.\d+$/);
    expect(path.basename(runnerJar())).toBe(`apicurio-registry-app-${pinnedRegistryVersion()}-runner.jar`);
  });
});
