import { countLine, countWords, normaliseWord, wordsOf } from './count-words';

describe('countWords', () => {
  it.each([
    ['', 0],
    ['   ', 0],
    ['hello', 1],
    ['hello world', 2],
    ['  leading and trailing  ', 3],
    ['tabs\tand\t\tnew\nlines', 4],
    ['repeated     spaces', 2],
    ['a , b ; c', 3],
    ['... !!! ???', 0],
    ['héllo wörld', 2],
    ['文字 と 言葉', 3],
    ['😀 🎉', 0],
    ['emoji😀attached counts', 2],
    ['42 is a number', 4],
    ['non\u00a0breaking\u3000ideographic', 3],
    ["don't stop", 2],
  ])('%j has %i words', (text, expected) => {
    expect(countWords(text)).toBe(expected);
  });

  it('counts 10k words', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `w${i % 97}`).join(' ');
    expect(countWords(text)).toBe(10_000);
  });
});

describe('countLine', () => {
  it('alerts only above the threshold', () => {
    expect(countLine('one two three four five six', 6).alert).toBe(false);
    expect(countLine('one two three four five six seven', 6).alert).toBe(true);
  });

  it('totals normalised words', () => {
    const { occurrences } = countLine('Kafka, kafka KAFKA streams!', 6);
    expect([...occurrences]).toEqual([
      ['kafka', 3],
      ['streams', 1],
    ]);
  });
});

describe('normaliseWord', () => {
  it('lower-cases and trims punctuation but keeps inner marks', () => {
    expect(normaliseWord('"Hello,"')).toBe('hello');
    expect(normaliseWord("Don't")).toBe("don't");
    expect(normaliseWord('É')).toBe('é');
  });

  it('agrees with wordsOf on what is a word', () => {
    expect(wordsOf('x -- y').map(normaliseWord)).toEqual(['x', 'y']);
  });
});
