/**
 * Export one capture: format, channels and time range, a size estimate before anything is written, a
 * progress bar while it streams from disk, then "show in folder" (desktop) or a download (browser).
 */
import { useEffect, useRef, useState } from 'react';
import type { AcquisitionSummary } from '../../../shared/protocol/acquisition';
import {
  EXPORT_FORMATS,
  type ExportDoneMessage,
  type ExportEstimateMessage,
  type ExportFormat,
  type ExportStartedMessage,
} from '../../../shared/protocol/export';
import { useBench } from '../../client/BenchContext';
import { formatBytes } from './acquisitionChannels';
import { DownloadButton } from './DownloadButton';
import { EXPORT_EXTENSIONS, FORMAT_LABELS } from './exportEstimate';
import { captureEndText, checkExportRange } from './exportRange';

type Phase =
  | { kind: 'form' }
  | { kind: 'running'; exportId: string; fraction: number; bytesWritten: number }
  | { kind: 'done'; result: ExportDoneMessage }
  | { kind: 'failed'; message: string };

export function ExportDialog({
  acquisition,
  onClose,
  initial,
}: {
  acquisition: AcquisitionSummary;
  onClose(): void;
  /** Channels and range to start from (the review view's "Export visible"); default everything. */
  initial?: { channels: string[]; startText: string; endText: string };
}): React.JSX.Element {
  const bench = useBench();
  const ref = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [channels, setChannels] = useState<string[]>(
    initial?.channels ?? acquisition.channels.map((c) => c.name),
  );
  const captureEnd = captureEndText(acquisition);
  const [startText, setStartText] = useState(initial?.startText ?? '0');
  const [endText, setEndText] = useState(initial?.endText ?? captureEnd);
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  // Subscribed from the start, not once the reply arrives: a small export can finish (and report done)
  // before React has rendered the running state. Outcomes wait here, by export id, until they are claimed.
  const outcomes = useRef(new Map<string, Phase>());
  const currentExport = useRef<string | undefined>(undefined);
  useEffect(() => {
    const settle = (exportId: string, next: Phase): void => {
      if (currentExport.current === exportId) setPhase(next);
      else outcomes.current.set(exportId, next);
    };
    const offProgress = bench.connection.handlers.on('export_progress', (m) => {
      if (currentExport.current === m.export_id) {
        setPhase((p) =>
          p.kind === 'running' ? { ...p, fraction: m.fraction, bytesWritten: m.bytes_written } : p,
        );
      }
    });
    const offDone = bench.connection.handlers.on('export_done', (m) =>
      settle(m.export_id, { kind: 'done', result: m }),
    );
    const offFailed = bench.connection.handlers.on('export_failed', (m) =>
      settle(m.export_id, { kind: 'failed', message: `${m.message} (${m.code})` }),
    );
    return () => {
      offProgress();
      offDone();
      offFailed();
    };
  }, [bench]);

  // Checked as the user types, so a problem shows (and clears) at once and a bad range never leaves the page.
  const range = checkExportRange(startText, endText, captureEnd);
  const startS = range.ok ? range.startS : 0;
  const endS = range.ok ? range.endS : 0;
  // The backend's own estimate (and its refusal, e.g. JSON over its size limit) before anything is written.
  const [estimate, setEstimate] = useState<{ bytes?: number; problem?: string }>({});
  const channelsKey = channels.join(',');
  const localProblem =
    channels.length === 0 ? 'Choose at least one channel.' : range.ok ? undefined : range.problem;
  const shownEstimate = localProblem ? { problem: localProblem } : estimate;
  useEffect(() => {
    if (phase.kind !== 'form') return;
    if (localProblem) return;
    const timer = setTimeout(() => {
      bench.connection
        .request<ExportEstimateMessage>({
          type: 'estimate_export',
          acquisition_id: acquisition.acquisition_id,
          format,
          channels,
          start_s: startS,
          end_s: endS,
        })
        .then(
          (reply) => setEstimate({ bytes: reply.estimated_bytes }),
          (err: Error) => setEstimate({ problem: err.message }),
        );
    }, 150);
    return () => clearTimeout(timer);
    // channels is tracked through channelsKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [acquisition.acquisition_id, format, channelsKey, startS, endS, phase.kind, localProblem]);

  const start = async (): Promise<void> => {
    if (localProblem) return; // shown in place of the estimate; the button is disabled meanwhile
    let path: string | undefined;
    if (window.benchtop) {
      const base = (acquisition.name || 'capture').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
      path = await window.benchtop.chooseExportPath({
        defaultName: `${base}_${acquisition.acquisition_id}.${EXPORT_EXTENSIONS[format]}`,
        extension: EXPORT_EXTENSIONS[format],
      });
      if (!path) return; // the user cancelled the save dialog
    }
    try {
      const started = await bench.connection.request<ExportStartedMessage>({
        type: 'export_acquisition',
        acquisition_id: acquisition.acquisition_id,
        format,
        channels,
        start_s: startS,
        end_s: endS,
        ...(path ? { path } : {}),
      });
      currentExport.current = started.export_id;
      const finished = outcomes.current.get(started.export_id);
      setPhase(finished ?? { kind: 'running', exportId: started.export_id, fraction: 0, bytesWritten: 0 });
    } catch (err) {
      setPhase({ kind: 'failed', message: (err as Error).message });
    }
  };

  const cancel = (): void => {
    if (phase.kind === 'running')
      void bench.connection.request({ type: 'cancel_export', export_id: phase.exportId }).catch(() => {});
  };

  return (
    <dialog
      ref={ref}
      className="export-dialog"
      aria-labelledby="export-title"
      data-testid="export-dialog"
      onClose={onClose}
    >
      <h2 id="export-title">Export {acquisition.name || acquisition.acquisition_id}</h2>
      {phase.kind === 'form' && (
        <form onSubmit={(e) => e.preventDefault()}>
          <fieldset>
            <legend>Format</legend>
            {EXPORT_FORMATS.map((f) => (
              <label key={f} className="checkbox">
                <input
                  type="radio"
                  name="format"
                  value={f}
                  checked={format === f}
                  onChange={() => setFormat(f)}
                  data-testid={`export-format-${f}`}
                />
                {FORMAT_LABELS[f]}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Channels</legend>
            {acquisition.channels.map((c) => (
              <label key={c.name} className="checkbox">
                <input
                  type="checkbox"
                  checked={channels.includes(c.name)}
                  onChange={(e) =>
                    setChannels((l) => (e.target.checked ? [...l, c.name] : l.filter((x) => x !== c.name)))
                  }
                />
                {c.name}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Time range (s from the first sample)</legend>
            <input
              aria-label="From (s)"
              type="text"
              inputMode="decimal"
              value={startText}
              onChange={(e) => setStartText(e.target.value)}
              data-testid="export-start"
            />
            <span>to</span>
            <input
              aria-label="To (s)"
              type="text"
              inputMode="decimal"
              value={endText}
              onChange={(e) => setEndText(e.target.value)}
              data-testid="export-end"
            />
            <span>s</span>
            <span className="muted">(the capture ends at {captureEnd} s)</span>
          </fieldset>
          <p className={shownEstimate.problem ? 'setting-error' : 'muted'} data-testid="export-estimate">
            {shownEstimate.problem ??
              (shownEstimate.bytes !== undefined
                ? `About ${formatBytes(shownEstimate.bytes)} will be written.`
                : 'Estimating…')}
          </p>
          <div className="dialog-buttons">
            <button type="button" onClick={onClose}>
              Close
            </button>
            <button
              type="button"
              className="primary"
              disabled={shownEstimate.problem !== undefined}
              onClick={() => void start()}
              data-testid="export-start-button"
            >
              Export
            </button>
          </div>
        </form>
      )}
      {phase.kind === 'running' && (
        <div>
          <progress
            max={1}
            value={phase.fraction}
            data-testid="export-progress"
            aria-label="Export progress"
          />
          <p className="muted">
            {formatBytes(phase.bytesWritten)} written · {(phase.fraction * 100).toFixed(0)} %
          </p>
          <div className="dialog-buttons">
            <button type="button" onClick={cancel} data-testid="export-cancel">
              Cancel
            </button>
          </div>
        </div>
      )}
      {phase.kind === 'done' && (
        <div data-testid="export-done">
          <p>
            Wrote {formatBytes(phase.result.bytes)} to <code>{phase.result.path}</code>
          </p>
          <p className="muted small">SHA-256 {phase.result.sha256}</p>
          <div className="dialog-buttons">
            {window.benchtop ? (
              <button
                type="button"
                onClick={() => void window.benchtop?.showInFolder(phase.result.path)}
                data-testid="export-show"
              >
                Show in folder
              </button>
            ) : (
              phase.result.download_url && <DownloadButton url={phase.result.download_url} />
            )}
            <button type="button" onClick={onClose} data-testid="export-close">
              Close
            </button>
          </div>
        </div>
      )}
      {phase.kind === 'failed' && (
        <div>
          <p className="setting-error" role="alert" data-testid="export-failed">
            Export failed: {phase.message}
          </p>
          <div className="dialog-buttons">
            <button type="button" onClick={() => setPhase({ kind: 'form' })}>
              Back
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
