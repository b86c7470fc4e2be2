/**
 * The contracts' Avro forms in a real schema registry (the integration run's Apicurio Registry):
 * registered with BACKWARD compatibility, and a breaking change to a contract refused by the
 * registry as by the project's own check. Where the two rules part, the test says why.
 */
import { TOPIC_CONTRACTS } from '@kstream/contracts';
import { avroNamespace, avroRecord, breakingChanges, classSchema, contracts, type JsonSchema } from '@kstream/contracts/testing';
import { testRegistryUrl } from '@kstream/contracts-core/testing';
import { RegistryRefusedError, SchemaRegistryClient } from '@kstream/data-access-registry';
import { uniqueSuffix } from '@kstream/kafka/testing';
import { registerContracts } from './register';

describe('npm run contracts:register, on a real schema registry', () => {
  const client = new SchemaRegistryClient({ url: testRegistryUrl() });
  const suffix = uniqueSuffix();
  const withAvro = contracts().filter((c) => c.value.kind !== 'bytes');

  it('registers every contract with an Avro form under <topic>-value, BACKWARD, and again to the same ids', async () => {
    const first = await registerContracts(client, { topicSuffix: suffix });
    expect(first).toHaveLength(withAvro.length);
    expect(first.every((r) => r.compatible && typeof r.id === 'number')).toBe(true);
    expect(first.map((r) => r.subject)).toContain(`numbers-${suffix}-value`);
    const again = await registerContracts(client, { topicSuffix: suffix });
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect((await registerContracts(client, { topicSuffix: suffix, check: true })).every((r) => r.compatible)).toBe(true);
  });

  describe('a change to the word-totals contract, judged by the registry and by the project', () => {
    const contract = TOPIC_CONTRACTS.wordTotals;
    const cls = contract.value.kind === 'json' ? contract.value.cls : undefined;
    if (!cls) throw new Error('word-totals has a JSON value class');
    const released = classSchema(cls);
    const subject = `word-totals-${suffix}-value`;
    const withField = (field: string, schema: JsonSchema, required: boolean): JsonSchema => ({
      ...released,
      properties: { ...released.properties, [field]: schema },
      required: required ? [...(released.required ?? []), field] : released.required,
    });
    const avro = (schema: JsonSchema) => JSON.stringify(avroRecord(cls.name, schema, avroNamespace(contract)));

    beforeAll(async () => {
      await client.setCompatibility(subject, 'BACKWARD');
      await client.register(subject, avro(released));
    });

    it('a new required field: both refuse it (records of the released version lack it)', async () => {
      const next = withField('since', { type: 'string' }, true);
      expect(breakingChanges(released, next).map((c) => c.kind)).toContain('new required field');
      expect(await client.isCompatible(subject, avro(next))).toBe(false);
      const refused = await client.register(subject, avro(next)).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(RegistryRefusedError);
      expect((refused as RegistryRefusedError).status).toBe(409);
    });

    it('a changed type: both refuse it', async () => {
      const next: JsonSchema = { ...released, properties: { ...released.properties, count: { type: 'string' } } };
      expect(breakingChanges(released, next).map((c) => c.kind)).toContain('changed type');
      expect(await client.isCompatible(subject, avro(next))).toBe(false);
    });

    it('a new optional field: the registry takes it, the project calls it a new version, since its JSON readers refuse fields they do not know', async () => {
      const next = withField('note', { type: 'string' }, false);
      // BACKWARD asks only whether a reader of the new schema reads the old records: it does (null).
      expect(await client.isCompatible(subject, avro(next))).toBe(true);
      // The project's rule also protects readers of the released version, who validate with
      // forbidNonWhitelisted: for them the new field is a break (docs/contracts.md).
      expect(breakingChanges(released, next).map((c) => c.kind)).toEqual(['new field on a closed object']);
    });
  });
});
