/**
 * Sizes for people, in binary units labelled as such (KiB, MiB, GiB, TiB: powers of 1024), the same in the
 * dashboard and in the backend's messages, so a capture's estimate and the free space it is refused for
 * can be compared figure for figure.
 */

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** "44 B", "1.50 KiB", "77.0 GiB", "500 MiB"; a dash for a size that is not a finite number of bytes ≥ 0. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // Three significant digits or more; 1023.7 KiB would print as "1024 KiB": say 1.00 MiB instead.
  if (value >= 1023.5 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${UNITS[unit]}`;
}
