import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import { LINE_READER, NUMBER_READER } from './entry-reader';

describe('EntryReader', () => {
  it('reads a text line with key and partition from the query string', async () => {
    await expect(LINE_READER.one({ kind: 'text', text: 'hello\n', params: { key: 'k', partition: '2' } })).resolves.toEqual({ text: 'hello', key: 'k', partition: 2 });
  });

  it('reads a decimal as a number and refuses anything else on `value`', async () => {
    await expect(NUMBER_READER.one({ kind: 'text', text: ' -2e3\n' })).resolves.toEqual({ value: -2000 });
    await expect(NUMBER_READER.one({ kind: 'text', text: 'NaN' })).rejects.toMatchObject({ response: { field: 'value' } });
  });

  it('names the field at fault, unknown ones included', async () => {
    const refusal = LINE_READER.one({ kind: 'json', value: { text: 'x', colour: 'red' } });
    await expect(refusal).rejects.toBeInstanceOf(BadRequestException);
    await expect(refusal).rejects.toMatchObject({ response: { field: 'colour', message: 'property colour should not exist' } });
    await expect(NUMBER_READER.one({ kind: 'json', value: { value: Infinity } })).rejects.toMatchObject({ response: { field: 'value' } });
  });

  // Once a 500 (class-transformer's recursion overflowed the stack) and a 201 (it dropped "__proto__" unseen).
  it('refuses JSON nested too deep and a "__proto__" field with a 400 naming the field', async () => {
    const deep = JSON.parse(`{"text":"a","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`) as object;
    await expect(LINE_READER.one({ kind: 'json', value: deep })).rejects.toMatchObject({ response: { statusCode: 400, field: 'x' } });
    const deepValue = JSON.parse(`{"value":${'['.repeat(20_000)}${']'.repeat(20_000)}}`) as object;
    await expect(NUMBER_READER.many({ kind: 'json', value: [deepValue, { value: 1 }] })).resolves.toMatchObject([{ refusal: { statusCode: 400, field: 'value' } }, { dto: { value: 1 } }]);
    const proto = JSON.parse('{"text":"a","__proto__":{"admin":true}}') as object;
    await expect(LINE_READER.one({ kind: 'json', value: proto })).rejects.toMatchObject({ response: { statusCode: 400, field: '__proto__' } });
  });

  it('sends NDJSON to the batch endpoint', async () => {
    await expect(LINE_READER.one({ kind: 'ndjson', lines: [] })).rejects.toBeInstanceOf(UnsupportedMediaTypeException);
  });

  it('reads a batch entry by entry, refusing bad entries in place', async () => {
    const entries = await NUMBER_READER.many({ kind: 'ndjson', lines: [{ ok: true, value: { value: 1 } }, { ok: false, error: 'malformed JSON: x' }, { ok: true, value: { value: '2' } }] });
    expect(entries).toEqual([
      { index: 0, dto: { value: 1 } },
      { index: 1, refusal: { statusCode: 400, field: undefined, error: 'malformed JSON: x' } },
      { index: 2, refusal: expect.objectContaining({ statusCode: 400, field: 'value' }) },
    ]);
  });

  it('reads a text batch one record a line, keeping empty lines as refusals', async () => {
    const entries = await LINE_READER.many({ kind: 'text', text: 'a\r\n\nb\n', params: { key: 'k' } });
    expect(entries).toEqual([
      { index: 0, dto: { text: 'a', key: 'k' } },
      { index: 1, refusal: expect.objectContaining({ field: 'text' }) },
      { index: 2, dto: { text: 'b', key: 'k' } },
    ]);
  });

  it('refuses an empty batch or a JSON body that is not an array', async () => {
    await expect(LINE_READER.many({ kind: 'json', value: [] })).rejects.toBeInstanceOf(BadRequestException);
    await expect(LINE_READER.many({ kind: 'json', value: { text: 'x' } })).rejects.toBeInstanceOf(BadRequestException);
  });
});
