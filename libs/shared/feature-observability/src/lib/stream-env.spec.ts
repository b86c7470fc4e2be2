import { EnvValidationError, loadEnv } from '@kstream/kafka';
import { StreamEnv } from './stream-env';

describe('StreamEnv OUTPUT_FORMAT', () => {
  it('is json unless asked, with or without a registry', () => {
    expect(loadEnv(StreamEnv, {}).registry().outputFormat).toBe('json');
    expect(loadEnv(StreamEnv, { SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7' }).registry().outputFormat).toBe('json');
  });

  it('takes avro with a registry', () => {
    const env = loadEnv(StreamEnv, { OUTPUT_FORMAT: 'avro', SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7' });
    expect(env.registry()).toEqual({ url: 'http://127.0.0.1:8081/apis/ccompat/v7', unavailableMs: 30_000, outputFormat: 'avro' });
  });

  it('refuses avro without a registry, and any other format, at start', () => {
    expect(() => loadEnv(StreamEnv, { OUTPUT_FORMAT: 'avro' })).toThrow(/OUTPUT_FORMAT=avro needs SCHEMA_REGISTRY_URL/);
    expect(() => loadEnv(StreamEnv, { OUTPUT_FORMAT: 'protobuf' })).toThrow(EnvValidationError);
    expect(() => loadEnv(StreamEnv, { OUTPUT_FORMAT: 'protobuf' })).toThrow(/OUTPUT_FORMAT must be json or avro/);
  });
});

describe('StreamEnv CONSUMER_PER_STAGE', () => {
  it('is one consumer for both stages unless asked', () => {
    expect(loadEnv(StreamEnv, {}).CONSUMER_PER_STAGE).toBe(false);
    expect(loadEnv(StreamEnv, { CONSUMER_PER_STAGE: 'true' }).CONSUMER_PER_STAGE).toBe(true);
    expect(() => loadEnv(StreamEnv, { CONSUMER_PER_STAGE: 'sometimes' })).toThrow(/CONSUMER_PER_STAGE must be true or false/);
  });
});
