/**
 * A single_deep capture's progress in words for its row: waiting for the trigger, then the download's
 * percent, bytes, rate and time left (from `acquisition_progress`), then how it ended.
 */
import type { AcquisitionProgressMessage } from '../../../shared/protocol/acquisition';
import { formatBytes } from '../../../shared/format/bytes';

/** "Downloading 42 % · 5.0 MiB of 11.4 MiB · 1.6 MiB/s · 4 s left", or the phase's own sentence. */
export function deepProgressText(p: AcquisitionProgressMessage | undefined): string {
  if (p === undefined) return 'Arming the scope…';
  switch (p.phase) {
    case 'waiting_for_trigger':
      return 'Waiting for the trigger…';
    case 'downloading': {
      if (p.total_points === 0) return 'Reading the record’s preamble…';
      const parts = [
        `Downloading ${Math.floor(p.percent)} %`,
        `${formatBytes(p.received_bytes)} of ${formatBytes(p.total_points)}`,
      ];
      if (p.rate_bytes_per_s > 0) parts.push(`${formatBytes(p.rate_bytes_per_s)}/s`);
      if (p.eta_s !== undefined) parts.push(`${Math.ceil(p.eta_s)} s left`);
      return parts.join(' · ');
    }
    case 'done':
      return `Downloaded ${formatBytes(p.received_bytes)}`;
    case 'cancelled':
      return `Cancelled at ${Math.floor(p.percent)} %: the partial record was discarded`;
    case 'failed':
      return `Download failed at ${Math.floor(p.percent)} %`;
  }
}
