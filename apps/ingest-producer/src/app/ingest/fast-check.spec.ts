import { MAX_SERIES_LENGTH } from '@kstream/contract-numbers';
import { MAX_ID_LENGTH } from '@kstream/contracts-core';
import { LineDto, MAX_KEY_LENGTH } from '../lines/line.dto';
import { NumberDto } from '../numbers/number.dto';
import { ingestValidationPipe } from './entry-reader';
import { fastLine, fastNumber, type FastCheck } from './fast-check';

/** What the DTO class (through the pipe) makes of an entry: the fields, or undefined when it refuses. */
async function viaPipe(dto: typeof LineDto | typeof NumberDto, plain: object): Promise<object | undefined> {
  try {
    return { ...((await ingestValidationPipe.transform(plain, { type: 'body', metatype: dto })) as object) };
  } catch {
    return undefined;
  }
}

const long = (n: number) => 'x'.repeat(n);
const emoji = (n: number) => '😀'.repeat(n); // two UTF-16 units each, one character for class-validator

const LINES: object[] = [
  { text: 'the quick brown fox' },
  { text: 'a', key: 'k', partition: 0, id: 'id-1' },
  { text: 'a', partition: 2 },
  { text: '' },
  { text: 5 },
  { text: null },
  {},
  { text: 'a', key: '' },
  { text: 'a', key: null },
  { text: 'a', key: long(MAX_KEY_LENGTH) },
  { text: 'a', key: long(MAX_KEY_LENGTH + 1) },
  { text: 'a', key: emoji(MAX_KEY_LENGTH) },
  { text: 'a', partition: -1 },
  { text: 'a', partition: 1.5 },
  { text: 'a', partition: '1' },
  { text: 'a', id: long(MAX_ID_LENGTH) },
  { text: 'a', id: long(MAX_ID_LENGTH + 1) },
  { text: 'a', id: 7 },
  { text: 'a', colour: 'red' },
  { text: ['a'] },
];

const NUMBERS: object[] = [
  { value: 4 },
  { value: -2.5e3, series: 'temp', partition: 1, id: 'n-1' },
  { value: 0 },
  { value: '4' },
  { value: Infinity },
  { value: NaN },
  { value: null },
  {},
  { value: 1, series: '' },
  { value: 1, series: long(MAX_SERIES_LENGTH) },
  { value: 1, series: long(MAX_SERIES_LENGTH + 1) },
  { value: 1, series: emoji(MAX_SERIES_LENGTH) },
  { value: 1, partition: -1 },
  { value: 1, id: '' },
  { value: 1, unit: 'C' },
];

describe.each([
  ['LineDto', LineDto, fastLine as FastCheck<object>, LINES],
  ['NumberDto', NumberDto, fastNumber as FastCheck<object>, NUMBERS],
] as const)('the fast check of %s', (_name, dto, fast, fixtures) => {
  it.each(fixtures.map((plain) => [JSON.stringify(plain), plain]))('accepts %s only as the class does, with the same fields', async (_label, plain) => {
    const fromFast = fast(plain as object);
    const fromPipe = await viaPipe(dto, plain as object);
    if (fromFast !== undefined) expect(fromFast).toEqual(fromPipe);
  });

  it('accepts the ordinary valid entries itself, so they skip the pipe', () => {
    expect(fixtures.slice(0, 3).map((plain) => fast(plain))).not.toContain(undefined);
  });
});
