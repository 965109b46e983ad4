/**
 * "Export view": what a chart shows — its visible span and channels — as CSV, NPY, HDF5 or JSON written by
 * the backend with full provenance (uploadView.ts), and "Copy values", the same data as CSV text on the
 * clipboard. Any view can offer it by supplying `() => VisibleData` (shared/analysis/visibleData.ts): the
 * scope does; trend and FFT views mount it the same way. The data is taken when the person clicks, so what
 * is exported is what was on the screen at that moment.
 */
import { useState } from 'react';
import type { VisibleData } from '../../../shared/analysis/visibleData';
import { MAX_COPY_ROWS, visibleDataCsvTable } from '../../../shared/analysis/visibleCsv';
import {
  type ExportViewDoneMessage,
  VIEW_EXPORT_FORMATS,
  type ViewExportFormat,
} from '../../../shared/protocol';
import { useBench } from '../../client/BenchContext';
import { DownloadButton } from '../acquisitions/DownloadButton';
import { uploadView, viewExportProblem } from './uploadView';

const LABELS: Record<ViewExportFormat, string> = {
  csv: 'CSV',
  npy: 'NPY (.zip)',
  hdf5: 'HDF5',
  json: 'JSON',
};

type Status =
  | { kind: 'idle' }
  | { kind: 'busy'; text: string }
  | { kind: 'done'; result: ExportViewDoneMessage }
  | { kind: 'note'; text: string; error: boolean };

/** What "Copy values" says for a view of `rows` rows, or why it does not copy. */
export function copyProblem(rows: number): string | undefined {
  if (rows === 0) return 'Nothing is shown: there are no values in view to copy.';
  if (rows > MAX_COPY_ROWS)
    return (
      `The view has ${rows.toLocaleString('en')} rows; Copy values takes at most ` +
      `${MAX_COPY_ROWS.toLocaleString('en')}. Zoom in, or export the view as CSV.`
    );
  return undefined;
}

export function ExportViewMenu({
  getData,
  testIdPrefix = 'export-view',
}: {
  /** The view's data now; undefined when it shows nothing yet. */
  getData(): VisibleData | undefined;
  testIdPrefix?: string;
}): React.JSX.Element {
  const bench = useBench();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const note = (text: string, error = false): void => setStatus({ kind: 'note', text, error });

  const close = (
    <button
      type="button"
      className="link"
      aria-label="Dismiss"
      data-testid={`${testIdPrefix}-dismiss`}
      onClick={() => setStatus({ kind: 'idle' })}
    >
      ×
    </button>
  );

  const exportAs = (format: ViewExportFormat): void => {
    setOpen(false);
    const data = getData();
    if (data === undefined) return note('Nothing is shown yet: there is no view to export.', true);
    const problem = viewExportProblem(data);
    if (problem !== undefined) return note(problem, true);
    setStatus({ kind: 'busy', text: `Exporting ${data.x.length.toLocaleString('en')} rows…` });
    uploadView(bench.connection, data, format, (f) =>
      setStatus({ kind: 'busy', text: `Exporting… ${Math.round(f * 100)} %` }),
    ).then(
      (result) => setStatus({ kind: 'done', result }),
      (err: Error) => note(`Export failed: ${err.message}`, true),
    );
  };

  const copy = (): void => {
    setOpen(false);
    const data = getData();
    const rows = data?.x.length ?? 0;
    const problem = copyProblem(rows);
    if (data === undefined || problem !== undefined) return note(problem ?? 'Nothing to copy.', true);
    navigator.clipboard.writeText(visibleDataCsvTable(data)).then(
      () =>
        note(
          `Copied ${rows.toLocaleString('en')} rows × ${data.series.length + 1} columns as CSV (header row first).`,
        ),
      () => note('The clipboard is not available here; export the view as CSV instead.', true),
    );
  };

  return (
    <span className="export-view" data-testid={testIdPrefix}>
      <button
        type="button"
        className="link"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid={`${testIdPrefix}-toggle`}
        onClick={() => setOpen((o) => !o)}
      >
        Export view ▾
      </button>
      {open && (
        <span className="export-view-menu" role="menu">
          {VIEW_EXPORT_FORMATS.map((format) => (
            <button
              key={format}
              type="button"
              role="menuitem"
              data-testid={`${testIdPrefix}-${format}`}
              onClick={() => exportAs(format)}
            >
              {LABELS[format]}
            </button>
          ))}
          <button type="button" role="menuitem" data-testid={`${testIdPrefix}-copy`} onClick={copy}>
            Copy values
          </button>
        </span>
      )}
      {status.kind === 'busy' && (
        <span className="muted small" role="status" data-testid={`${testIdPrefix}-status`}>
          {status.text}
        </span>
      )}
      {status.kind === 'note' && (
        <span
          className={status.error ? 'small error-text' : 'muted small'}
          role="status"
          data-testid={`${testIdPrefix}-status`}
        >
          {status.text}
          {close}
        </span>
      )}
      {status.kind === 'done' && (
        <span className="export-view-done small" role="status" data-testid={`${testIdPrefix}-status`}>
          <span className="muted" title={status.result.path}>
            {status.result.rows.toLocaleString('en')} rows exported
          </span>
          {status.result.download_url !== undefined && (
            <DownloadButton key={status.result.download_url} url={status.result.download_url} />
          )}
          {close}
        </span>
      )}
    </span>
  );
}
