/** One capture in the list: its state and progress, and the commands that fit its state. */
import { useState } from 'react';
import type { AcquisitionMessage, AcquisitionSummary } from '../../../shared/protocol/acquisition';
import { useBench, useBenchState } from '../../client/BenchContext';
import { useControlBlocked } from '../../client/benchControl';
import { formatSi } from '../../util/si';
import { captureBytes, formatBytes } from './acquisitionChannels';
import { deepProgressText } from './deepProgress';

type Command = 'start_acquisition' | 'pause_acquisition' | 'resume_acquisition' | 'stop_acquisition';

const ACTIONS: Record<AcquisitionSummary['state'], { command: Command; label: string }[]> = {
  idle: [{ command: 'start_acquisition', label: 'Start' }],
  armed: [{ command: 'stop_acquisition', label: 'Disarm' }],
  running: [
    { command: 'pause_acquisition', label: 'Pause' },
    { command: 'stop_acquisition', label: 'Stop' },
  ],
  paused: [
    { command: 'resume_acquisition', label: 'Resume' },
    { command: 'stop_acquisition', label: 'Stop' },
  ],
  complete: [],
  error: [],
  interrupted: [],
};

export interface AcquisitionRowProps {
  acquisition: AcquisitionSummary;
  selected: boolean;
  onSelect(): void;
  onError(message: string): void;
  /** Absent where the bench's transport offers no exports (a fleet bench): no button then. */
  onExport?(): void;
  /** Opens the capture in the review view (finished or running). */
  onReview(): void;
}

export function AcquisitionRow({
  acquisition: a,
  selected,
  onSelect,
  onError,
  onExport,
  onReview,
}: AcquisitionRowProps): React.JSX.Element {
  const bench = useBench();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const connected = useBenchState((s) => s.connection.state === 'open');
  const blocked = useControlBlocked() !== undefined;
  const run = (command: Command): void => {
    bench.connection.request<AcquisitionMessage>({ type: command, acquisition_id: a.acquisition_id }).then(
      (reply) => bench.state.upsertAcquisition(reply.acquisition),
      (err: Error) => onError(err.message),
    );
  };
  const remove = (): void => {
    setConfirmDelete(false);
    bench.connection.request({ type: 'delete_acquisition', acquisition_id: a.acquisition_id }).then(
      () => bench.state.removeAcquisition(a.acquisition_id),
      (err: Error) => onError(err.message),
    );
  };
  const deep = a.mode === 'single_deep';
  const deepProgress = useBenchState((s) => s.deepProgress[a.acquisition_id]);
  const progress = a.target_samples ? Math.min(1, a.samples_captured / a.target_samples) : undefined;
  // A deep capture cannot pause; its Stop cancels the download (nothing partial is kept).
  const actions = deep
    ? ACTIONS[a.state]
        .filter((action) => action.command !== 'pause_acquisition')
        .map((action) => (action.command === 'stop_acquisition' ? { ...action, label: 'Cancel' } : action))
    : ACTIONS[a.state];
  const durationS = a.samples_captured / a.sample_rate;
  const busy = a.state === 'running' || a.state === 'paused' || a.state === 'armed';
  return (
    <tr
      className={selected ? 'selected' : ''}
      data-testid={`acq-row-${a.acquisition_id}`}
      data-state={a.state}
      onClick={onSelect}
    >
      <td>
        <button type="button" className="link" onClick={onSelect} aria-pressed={selected}>
          {a.name || a.acquisition_id}
        </button>
        <div className="muted small">
          {a.equipment_id} · {a.channels.map((c) => c.name).join(', ')} · {formatSi(a.sample_rate, 'Sa/s', 3)}{' '}
          · {a.mode}
        </div>
      </td>
      <td>
        <span
          className={`acq-state state-${a.state}`}
          data-testid={`acq-state-${a.acquisition_id}`}
          title={a.error?.message}
        >
          {a.state}
        </span>
      </td>
      <td className="numeric">
        {progress !== undefined && <progress max={1} value={progress} aria-label="Progress" />}
        {deep && a.state === 'running' && (
          <div className="acq-deep" data-testid={`acq-deep-${a.acquisition_id}`}>
            <progress
              max={100}
              value={deepProgress?.phase === 'downloading' ? deepProgress.percent : undefined}
              aria-label="Download"
              data-testid={`acq-deep-progress-${a.acquisition_id}`}
              data-percent={deepProgress?.percent ?? 0}
            />
            <div className="muted small" data-testid={`acq-deep-text-${a.acquisition_id}`}>
              {deepProgressText(deepProgress)}
            </div>
          </div>
        )}
        {deep && a.state !== 'running' && deepProgress !== undefined && (
          <div className="muted small" data-testid={`acq-deep-text-${a.acquisition_id}`}>
            {deepProgressText(deepProgress)}
          </div>
        )}
        <div data-testid={`acq-samples-${a.acquisition_id}`} data-samples={a.samples_captured}>
          {a.samples_captured.toLocaleString()} samples · {formatSi(durationS, 's', 3)}
        </div>
      </td>
      <td className="numeric">{formatBytes(captureBytes(a.flushed, a.channels.length))}</td>
      <td className="acq-actions" onClick={(e) => e.stopPropagation()}>
        {actions.map((action) => (
          <button
            key={action.command}
            type="button"
            disabled={!connected || blocked}
            onClick={() => run(action.command)}
            data-testid={`acq-${action.label.toLowerCase()}-${a.acquisition_id}`}
          >
            {action.label}
          </button>
        ))}
        {a.flushed > 0 && (
          <button
            type="button"
            disabled={!connected}
            onClick={onReview}
            data-testid={`acq-review-${a.acquisition_id}`}
          >
            Review
          </button>
        )}
        {a.flushed > 0 && !busy && onExport && (
          <button
            type="button"
            disabled={!connected}
            onClick={onExport}
            data-testid={`acq-export-${a.acquisition_id}`}
          >
            Export…
          </button>
        )}
        {!busy &&
          (confirmDelete ? (
            <span className="confirm" role="alertdialog" aria-label="Confirm delete">
              Delete for good?
              <button
                type="button"
                className="danger"
                onClick={remove}
                data-testid={`acq-delete-confirm-${a.acquisition_id}`}
              >
                Delete
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="link"
              disabled={!connected || blocked}
              onClick={() => setConfirmDelete(true)}
              data-testid={`acq-delete-${a.acquisition_id}`}
            >
              Delete
            </button>
          ))}
      </td>
    </tr>
  );
}
