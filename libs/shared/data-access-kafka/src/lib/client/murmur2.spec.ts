import { randomBytes } from 'node:crypto';
import { murmur2 } from './murmur2';

const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: string | Buffer) => number;

describe('murmur2', () => {
  it("gives the Java client's values (Utils.murmur2 of kafka-clients 4.3.1)", () => {
    expect(murmur2('a')).toBe(-1563381124);
    expect(murmur2('kafka')).toBe(-798503068);
    expect(murmur2('temperature')).toBe(477481187);
    expect(murmur2('Zürich')).toBe(-1551140815);
    expect(murmur2('')).toBe(275646681);
    expect(murmur2(Buffer.from([0xff, 0x00, 0x80, 0x7f, 0x01]))).toBe(-315781896);
  });

  it('equals kafkajs\'s murmur2 on every length mod 4 and random bytes', () => {
    for (let i = 0; i < 2000; i++) {
      const data = randomBytes(i % 97);
      expect([i, murmur2(data)]).toEqual([i, kafkajsMurmur2(data)]);
    }
    expect(murmur2('a longer key, with ünïcödé and 😀')).toBe(kafkajsMurmur2(Buffer.from('a longer key, with ünïcödé and 😀')));
  });
});
