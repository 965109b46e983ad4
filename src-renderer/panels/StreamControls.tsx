/** Start/stop and update interval for one stream, with its live status. */
import { connection } from '../app/backend';
import { streamKey, type StreamSpec } from '../connection/ConnectionManager';
import { selectStream, useAppStore } from '../store';

const INTERVAL_CHOICES_MS = [10, 20, 50, 100, 200, 500, 1000];

export interface StreamControlsProps {
  spec: Omit<StreamSpec, 'interval_ms'>;
  minIntervalMs: number;
  defaultIntervalMs: number;
  testIdPrefix: string;
  /** Names the stream when a panel has several. */
  label?: string;
}

export function StreamControls({
  spec,
  minIntervalMs,
  defaultIntervalMs,
  testIdPrefix,
  label,
}: StreamControlsProps): React.JSX.Element {
  const key = streamKey(spec);
  const entry = useAppStore(selectStream(key));
  const connected = useAppStore((s) => s.connection.state === 'open');
  const intervalMs = useAppStore((s) => s.preferences.streamIntervalsMs[key] ?? defaultIntervalMs);
  const status = entry?.status ?? 'stopped';
  const live = useAppStore((s) => s.connection.streamStats[key]);
  const running = status === 'running' || status === 'starting';

  const start = (nextIntervalMs = intervalMs): void => {
    const { setStream } = useAppStore.getState();
    setStream(key, { status: 'starting', error: undefined });
    connection.startStream({ ...spec, interval_ms: nextIntervalMs }).then(
      (started) =>
        setStream(key, { status: 'running', streamId: started.stream_id, intervalMs: started.interval_ms }),
      (err: Error) => setStream(key, { status: 'error', error: err.message }),
    );
  };
  const stop = (): void => {
    const { setStream } = useAppStore.getState();
    setStream(key, { status: 'stopping' });
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
        onClick={() => start()}
      >
        Start
      </button>
      <button
        type="button"
        data-testid={`${testIdPrefix}-stop`}
        disabled={!connected || !running}
        onClick={stop}
      >
        Stop
      </button>
      <label>
        Interval
        <select
          aria-label="Update interval"
          value={intervalMs}
          onChange={(e) => {
            const next = Number(e.target.value);
            useAppStore.getState().setStreamInterval(key, next);
            if (running) start(next);
          }}
        >
          {INTERVAL_CHOICES_MS.filter((ms) => ms >= minIntervalMs).map((ms) => (
            <option key={ms} value={ms}>
              {ms < 1000 ? `${ms} ms` : `${ms / 1000} s`} ({1000 / ms} Hz)
            </option>
          ))}
        </select>
      </label>
      {running && live && (
        <span
          className="stream-live muted"
          data-testid={`${testIdPrefix}-rate`}
          title="Delivered rate, and frames the server dropped (sequence gaps)"
        >
          {live.rateHz.toFixed(1)} Hz · {live.gaps} dropped
        </span>
      )}
      <span className={`stream-status status-${status}`} data-testid={`${testIdPrefix}-status`}>
        {status}
        {entry?.error ? `: ${entry.error}` : ''}
      </span>
    </div>
  );
}
