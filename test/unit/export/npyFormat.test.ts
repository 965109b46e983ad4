import { describe, expect, it } from 'vitest';
import { npyFileBytes, npyHeader } from '../../../src-main/export/npy/npyFormat.js';

describe('NPY header', () => {
  it('is format 1.0, padded to 64 bytes and newline-terminated', () => {
    for (const shape of [[0, 4], [12_345_678, 3], [5], [2 ** 40, 8]]) {
      const header = npyHeader('<f4', shape);
      expect(header.byteLength % 64).toBe(0);
      expect([...header.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      const length = new DataView(header.buffer).getUint16(8, true);
      expect(10 + length).toBe(header.byteLength);
      const text = new TextDecoder().decode(header.subarray(10));
      expect(text.endsWith('\n')).toBe(true);
      const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
      expect(text.trimEnd()).toBe(`{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`);
    }
  });

  it('sizes a file as header plus data', () => {
    expect(npyFileBytes('<f4', [10, 4])).toBe(128 + 160);
    expect(npyFileBytes('<f8', [10])).toBe(128 + 80);
  });
});
