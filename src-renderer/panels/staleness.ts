/** How a panel shows values that stopped updating because the backend or the instrument is out of reach. */
import type { InstrumentState } from '../../shared/protocol/catalog';
import type { ConnectionState } from '../connection/ConnectionManager';
import { formatGap } from '../connection/linkEvents';
import type { StreamStatus } from '../store/benchState';

/** "stale · last value 35.0 s old", or that none ever came. */
export function staleLabel(lastReceivedMs: number | undefined, nowMs: number): string {
  if (lastReceivedMs === undefined) return 'stale · no value received';
  return `stale · last value ${formatGap(nowMs - lastReceivedMs)} old`;
}

export interface StreamStatusView {
  text: string;
  /** CSS modifier: the status colour. */
  tone: StreamStatus | 'paused';
}

/**
 * A stream's status as the user should read it: one that runs on the backend's side is paused while the
 * link is down or its instrument is not online (it resumes by itself), not "running" in green at 0 Hz.
 */
export function streamStatusView(
  status: StreamStatus,
  connection: ConnectionState,
  instrument: InstrumentState = 'online',
): StreamStatusView {
  const wanted = status === 'running' || status === 'starting';
  if (wanted && connection !== 'open') return { text: 'paused — disconnected', tone: 'paused' };
  if (wanted && instrument !== 'online') return { text: 'paused — instrument offline', tone: 'paused' };
  return { text: status, tone: status };
}
