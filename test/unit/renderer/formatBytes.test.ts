import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src-renderer/panels/acquisitions/acquisitionChannels';

describe('formatBytes', () => {
  it('labels binary multiples with binary units (KiB, MiB, GiB), never as decimal MB', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(40 * 2 ** 20)).toBe('40.0 MiB');
    expect(formatBytes(3 * 2 ** 30)).toBe('3.00 GiB');
    expect(formatBytes(2 ** 40)).toBe('1.00 TiB');
  });

  it('carries a figure that rounds up to 1024 into the next unit', () => {
    expect(formatBytes(2 ** 20 - 1)).toBe('1.00 MiB');
    expect(formatBytes(2 ** 30 - 20_000)).toBe('1.00 GiB');
    expect(formatBytes(1023 * 1024)).toBe('1023 KiB');
  });
});
