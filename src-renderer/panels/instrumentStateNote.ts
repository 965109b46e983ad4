/** The note on a panel whose instrument is not online: its state, since when, why, and what happens next. */
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import { formatGap } from '../connection/linkEvents';

const STATE_TEXT = {
  connecting: 'Connecting',
  offline: 'Offline',
  error: 'Cannot be used',
  online: 'Online',
} as const;

/** "Offline since 14:02:07 (35.0 s): connection refused — retrying" */
export function stateNoteText(
  instrument: Pick<InstrumentInfo, 'state' | 'state_reason'>,
  sinceMs: number | undefined,
  nowMs: number,
): string {
  const since =
    sinceMs === undefined
      ? ''
      : ` since ${new Date(sinceMs).toLocaleTimeString()} (${formatGap(nowMs - sinceMs)})`;
  const reason = instrument.state_reason ? `: ${instrument.state_reason}` : '';
  const next =
    instrument.state === 'offline' ? ' — reconnecting' : instrument.state === 'error' ? ' — not retried' : '';
  return `${STATE_TEXT[instrument.state]}${since}${reason}${next}. Values shown are stale.`;
}
