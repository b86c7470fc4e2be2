import { utilCounting } from './util-counting';

describe('utilCounting', () => {
  it('should work', () => {
    expect(utilCounting()).toEqual('util-counting');
  })
})
