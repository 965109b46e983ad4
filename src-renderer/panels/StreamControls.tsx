/**
 * Start/stop and update interval for one stream, with its live status. The stream starts by itself as soon
 * as the bench is connected, unless a person stopped it: which streams run, and at what rate, is remembered
 * by the backend (set_stream_preference), so every dashboard, reload and backend restart agrees.
 */
import { useEffect } from 'react';
import type { StreamRate } from '../../shared/protocol/streamMemory';
import { useBench, useBenchState } from '../client/BenchContext';
import { streamKey, type StreamSpec } from '../connection/ConnectionManager';
import { useLatest } from '../util/useLatest';
import { streamStatusView } from './staleness';

const INTERVAL_CHOICES_MS = [10, 20, 50, 100, 200, 500, 1000];

const DISPLAY_LOCK_TEXT = {
  locked: 'in step with the display',
  locking: 'locking to the display',
  following: 'phase set by another window',
  unsupported: 'backend cannot lock to the display',
} as const;

export interface StreamControlsProps {
  spec: Omit<StreamSpec, 'interval_ms'>;
  minIntervalMs: number;
  defaultRate: StreamRate;
  /** Offer "display rate": records every display frame, landed just before the frames. */
  offerDisplayRate?: boolean;
  testIdPrefix: string;
  /** Names the stream when a panel has several. */
  label?: string;
}

export function StreamControls({
  spec,
  minIntervalMs,
  defaultRate,
  offerDisplayRate = false,
  testIdPrefix,
  label,
}: StreamControlsProps): React.JSX.Element {
  const key = streamKey(spec);
  const bench = useBench();
  const { connection, displayPacer } = bench;
  const entry = useBenchState((s) => s.streams[key]);
  const connected = useBenchState((s) => s.connection.state === 'open');
  const preferencesKnown = useBenchState((s) => s.streamPreferences !== undefined);
  const remembered = useBenchState((s) => s.streamPreferences?.[key]);
  const saved = remembered?.rate;
  const rate = saved === 'display' && !offerDisplayRate ? defaultRate : (saved ?? defaultRate);
  const status = entry?.status ?? 'stopped';
  const linkState = useBenchState((s) => s.connection.state);
  const instrumentState = useBenchState((s) => s.instruments?.find((i) => i.id === spec.equipment_id)?.state);
  const shown = streamStatusView(status, linkState, instrumentState);
  const live = useBenchState((s) => s.connection.streamStats[key]);
  const running = status === 'running' || status === 'starting';

  const start = (nextRate = rate): void => {
    const setStream = bench.state.setStream.bind(bench.state);
    setStream(key, { status: 'starting', error: undefined });
    if (nextRate !== 'display') displayPacer.release(spec);
    const started =
      nextRate === 'display'
        ? displayPacer.start(spec, minIntervalMs)
        : connection.startStream({ ...spec, interval_ms: nextRate });
    started.then(
      (started) =>
        setStream(key, { status: 'running', streamId: started.stream_id, intervalMs: started.interval_ms }),
      (err: Error) => setStream(key, { status: 'error', error: err.message }),
    );
  };
  const remember = (running: boolean, nextRate: StreamRate): void => {
    const { channel, equipment_id, stream_type } = spec;
    bench
      .rememberStream({
        equipment_id,
        stream_type,
        ...(channel !== undefined && { channel }),
        running,
        rate: nextRate,
      })
      .catch((err: Error) => bench.state.setStream(key, { error: `not remembered: ${err.message}` }));
  };
  const startLatest = useLatest(start);
  const untouched = entry === undefined;
  const wanted = remembered?.running ?? true;
  // Live on open: once connected and the remembered choice is known, a stream nobody stopped starts.
  useEffect(() => {
    if (connected && preferencesKnown && untouched && wanted) startLatest.current(rate);
  }, [connected, preferencesKnown, untouched, wanted, rate, startLatest]);
  const stop = (): void => {
    const setStream = bench.state.setStream.bind(bench.state);
    setStream(key, { status: 'stopping' });
    displayPacer.release(spec);
    connection.stopStream(spec).then(
      () => setStream(key, { status: 'stopped' }),
      (err: Error) => setStream(key, { status: 'error', error: err.message }),
    );
  };

  return (
    <div className="stream-controls" role="group" aria-label={label ? `${label} stream` : 'Stream'}>
      {label && <span className="stream-label">{label}</span>}
      <button
        type="button"
        className="primary"
        data-testid={`${testIdPrefix}-start`}
        disabled={!connected || running}
        onClick={() => {
          start();
          remember(true, rate);
        }}
      >
        Start
      </button>
      <button
        type="button"
        data-testid={`${testIdPrefix}-stop`}
        disabled={!connected || !running}
        onClick={() => {
          stop();
          remember(false, rate);
        }}
      >
        Stop
      </button>
      <label>
        Interval
        <select
          aria-label="Update interval"
          data-testid={`${testIdPrefix}-interval`}
          value={rate}
          onChange={(e) => {
            const next: StreamRate = e.target.value === 'display' ? 'display' : Number(e.target.value);
            remember(running, next);
            if (running) start(next);
          }}
        >
          {offerDisplayRate && (
            <option value="display" title="Every display frame, each record arriving just before the frame">
              Display rate
            </option>
          )}
          {INTERVAL_CHOICES_MS.filter((ms) => ms >= minIntervalMs).map((ms) => (
            <option key={ms} value={ms}>
              {ms < 1000 ? `${ms} ms` : `${ms / 1000} s`} ({1000 / ms} Hz)
            </option>
          ))}
        </select>
      </label>
      {running && connected && live && (
        <span
          className="stream-live muted"
          data-testid={`${testIdPrefix}-rate`}
          title="Delivered rate, and frames the server dropped (sequence gaps)"
        >
          {live.rateHz.toFixed(1)} Hz · {live.gaps} dropped
          {live.displayLock && ` · ${DISPLAY_LOCK_TEXT[live.displayLock]}`}
        </span>
      )}
      <span className={`stream-status status-${shown.tone}`} data-testid={`${testIdPrefix}-status`}>
        {shown.text}
        {entry?.error ? `: ${entry.error}` : ''}
      </span>
    </div>
  );
}
