import { describe, expect, it } from 'vitest';
import { rowBytes, truncateUtf8, utf8Bytes } from '../../../shared/data/row-size';

describe('row sizes', () => {
  it('counts a row as PostgreSQL sends it: 6 bytes, then a 4-byte length and the text of each column', () => {
    expect(rowBytes([])).toBe(6);
    expect(rowBytes(['ab', null, '€'])).toBe(6 + 4 + 2 + 4 + 4 + 3);
  });

  it('truncates UTF-8 at a character boundary', () => {
    expect(truncateUtf8('a€b', 3)).toBe('a');
    expect(truncateUtf8('a€b', 4)).toBe('a€');
    expect(truncateUtf8('😀😀', 5)).toBe('😀');
    expect(truncateUtf8('short', 100)).toBe('short');
    expect(utf8Bytes(truncateUtf8('€'.repeat(1000), 1000))).toBe(999);
  });
});
