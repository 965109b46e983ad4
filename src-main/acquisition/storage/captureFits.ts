/**
 * Whether a capture of known length fits on its volume, checked before it is recorded and again before it
 * starts: its file must fit in the free space with the low-disk margin still left over. Without this a
 * 36 TiB capture started on a disk with 77 GiB free and ran until the margin stopped it, hours later.
 * A capture until stopped has no size to check; the recorder's running check ends it at the margin.
 */
import { formatBytes } from '../../../shared/format/bytes.js';
import { DEFAULT_DISK_MARGIN, requiredFreeBytes, type DiskMargin, type DiskSpace } from '../../util/index.js';

/** Why `captureBytes` will not fit in `space` (naming both figures), or undefined when it fits. */
export function captureTooBigMessage(
  captureBytes: number,
  space: DiskSpace,
  margin: DiskMargin = DEFAULT_DISK_MARGIN,
): string | undefined {
  const reserveBytes = requiredFreeBytes(space, margin);
  if (captureBytes <= space.freeBytes - reserveBytes) return undefined;
  return (
    `the capture needs about ${formatBytes(captureBytes)} on disk but the data folder has ` +
    `${formatBytes(space.freeBytes)} free, of which ${formatBytes(reserveBytes)} must stay free; ` +
    'shorten the capture, lower its rate, capture fewer channels or free disk space'
  );
}
