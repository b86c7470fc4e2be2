import { utilWindow } from './util-window';

describe('utilWindow', () => {
  it('should work', () => {
    expect(utilWindow()).toEqual('util-window');
  })
})
