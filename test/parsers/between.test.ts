import { strict as assert } from 'node:assert';
import { findBetween } from '../../src/diagnosis/parsers/between';

describe('findBetween', () => {
  it('finds every value between the markers, with its position', () => {
    const text = 'a [Message=UntrustedRoot] b [Message=SubjectMismatch Expected Subject: x] c';
    assert.deepEqual(findBetween(text, '[Message=', ']', 100), [
      { value: 'UntrustedRoot', index: 2 },
      { value: 'SubjectMismatch Expected Subject: x', index: 28 },
    ]);
  });

  it('skips values longer than the limit and stops when no end marker is left', () => {
    assert.deepEqual(findBetween('[Message=' + 'x'.repeat(50) + ']', '[Message=', ']', 10), []);
    assert.deepEqual(findBetween('[Message=a [Message=b', '[Message=', ']', 10), []);
  });

  it('gives an empty value when the markers touch (a name a page removed)', () => {
    assert.deepEqual(findBetween('the domain name in the personal store', 'the domain name', ' in the personal store', 10), [{ value: '', index: 0 }]);
  });

  it('shares one end marker between starts that precede it', () => {
    assert.deepEqual(findBetween('<a <b>', '<', '>', 10).map((hit) => hit.value), ['a <b', 'b']);
  });
});
