import { describe, expect, it } from 'vitest';
import {
  centralDirectory,
  dataDescriptor,
  dosDateTime,
  entryNeedsZip64,
  localHeader,
  zipArchiveBytes,
  ZIP32_LIMIT,
  type ZipEntry,
} from '../../../src-main/export/npy/zipFormat.js';

const stamp = dosDateTime(new Date(2026, 10, 21, 13, 45, 30));

function archive(files: { name: string; size: number }[], force: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  const entries: ZipEntry[] = [];
  let offset = 0;
  for (const f of files) {
    const zip64 = entryNeedsZip64(f.size, force);
    const pieces = [
      localHeader(f.name, zip64, stamp),
      new Uint8Array(f.size),
      dataDescriptor(0, f.size, zip64),
    ];
    entries.push({ name: f.name, sizeBytes: f.size, crc32: 0, offsetBytes: offset });
    for (const p of pieces) {
      parts.push(p);
      offset += p.byteLength;
    }
  }
  parts.push(centralDirectory(entries, offset, stamp, force));
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

describe('ZIP records', () => {
  it('packs the DOS date and time', () => {
    expect(stamp.date).toBe(((2026 - 1980) << 9) | (11 << 5) | 21);
    expect(stamp.time).toBe((13 << 11) | (45 << 5) | 15);
  });

  it('predicts the archive size exactly, with and without ZIP64', () => {
    const files = [
      { name: 'time_s.npy', size: 1000 },
      { name: 'CH1.npy', size: 0 },
      { name: 'ü.npy', size: 77 },
    ];
    for (const force of [false, true]) {
      const bytes = archive(files, force);
      expect(bytes.byteLength).toBe(
        zipArchiveBytes(
          files.map((f) => ({ name: f.name, sizeBytes: f.size })),
          force,
        ),
      );
    }
  });

  it('marks streamed entries (bit 3, UTF-8) and ends with the end record', () => {
    const bytes = archive([{ name: 'a.npy', size: 3 }], false);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(6, true)).toBe(0x0808);
    const end = bytes.byteLength - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint16(end + 10, true)).toBe(1);
  });

  it('writes the ZIP64 end record and locator when forced', () => {
    const bytes = archive([{ name: 'a.npy', size: 3 }], true);
    const view = new DataView(bytes.buffer);
    const end = bytes.byteLength - 22;
    expect(view.getUint32(end - 20, true)).toBe(0x07064b50);
    expect(view.getUint32(end - 20 - 56, true)).toBe(0x06064b50);
    expect(view.getUint32(end + 16, true)).toBe(ZIP32_LIMIT);
  });

  it('switches an entry to ZIP64 at 4 GiB', () => {
    expect(entryNeedsZip64(ZIP32_LIMIT - 1)).toBe(false);
    expect(entryNeedsZip64(ZIP32_LIMIT)).toBe(true);
    expect(localHeader('x', true, stamp).byteLength).toBe(30 + 1 + 20);
    expect(dataDescriptor(1, 5e9, true).byteLength).toBe(24);
    expect(zipArchiveBytes([{ name: 'x', sizeBytes: 5e9 }])).toBe(
      30 + 1 + 20 + 5e9 + 24 + (46 + 1 + 20) + 56 + 20 + 22,
    );
  });
});
