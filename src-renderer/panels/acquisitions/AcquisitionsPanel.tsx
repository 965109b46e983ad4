/** Captures to disk: a form to start one, the list with state and progress, and a live view of the selected one. */
import { useMemo, useState } from 'react';
import type { AcquisitionMessage } from '../../../shared/protocol/acquisition';
import { useBench, useBenchState } from '../../client/BenchContext';
import { useUnavailable } from '../../client/benchControl';
import { AcquisitionLiveChart } from './AcquisitionLiveChart';
import { AcquisitionRow } from './AcquisitionRow';
import { CreateAcquisitionForm } from './CreateAcquisitionForm';
import { ExportDialog } from './ExportDialog';
import { CaptureReview, type ReviewExport } from '../review/CaptureReview';
import { visibleExportRange } from '../review/reviewSpan';

export function AcquisitionsPanel(): React.JSX.Element {
  const bench = useBench();
  const instruments = useBenchState((s) => s.instruments) ?? [];
  const acquisitions = useBenchState((s) => s.acquisitions);
  const selectedId = useBenchState((s) => s.selectedAcquisitionId);
  const selectAcquisition = bench.state.selectAcquisition.bind(bench.state);
  // A fleet bench: no exports, downloads or live views of captures; said once, no dead buttons.
  const noDownloads = useUnavailable().downloads;
  const [error, setError] = useState<string | undefined>(undefined);
  const [exporting, setExporting] = useState<string | undefined>(undefined);
  const [reviewing, setReviewing] = useState<string | undefined>(undefined);
  const [exportRange, setExportRange] = useState<ReviewExport | undefined>(undefined);
  const list = useMemo(
    () => Object.values(acquisitions).sort((a, b) => b.created_ms - a.created_ms),
    [acquisitions],
  );
  const selected = selectedId ? acquisitions[selectedId] : undefined;
  const exportTarget = exporting ? acquisitions[exporting] : undefined;
  const reviewTarget = reviewing ? acquisitions[reviewing] : undefined;

  const onCreated = (id: string, startNow: boolean): void => {
    selectAcquisition(id);
    setError(undefined);
    if (!startNow) return;
    bench.connection.request<AcquisitionMessage>({ type: 'start_acquisition', acquisition_id: id }).then(
      (reply) => bench.state.upsertAcquisition(reply.acquisition),
      (err: Error) => setError(err.message),
    );
  };

  return (
    <section className="panel" aria-label="Acquisitions" data-testid="acquisitions-panel">
      <header className="panel-header">
        <h2>Acquisitions</h2>
        <span className="muted">
          Captured to disk at full rate; nothing is lost if the dashboard disconnects.
        </span>
      </header>
      {instruments.length > 0 && <CreateAcquisitionForm instruments={instruments} onCreated={onCreated} />}
      {noDownloads && (
        <p className="muted empty-note" data-testid="acq-downloads-unavailable">
          {noDownloads}
        </p>
      )}
      {error && (
        <p className="setting-error" role="alert" data-testid="acq-error">
          {error}
        </p>
      )}
      {list.length === 0 ? (
        <p className="muted empty-note">
          No captures yet. Pick channels and a rate above, then Create &amp; start.
        </p>
      ) : (
        <table className="acq-list" data-testid="acq-list">
          <thead>
            <tr>
              <th scope="col">Capture</th>
              <th scope="col">State</th>
              <th scope="col">Progress</th>
              <th scope="col">Size</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <AcquisitionRow
                key={a.acquisition_id}
                acquisition={a}
                selected={a.acquisition_id === selectedId}
                onSelect={() => selectAcquisition(a.acquisition_id)}
                onError={setError}
                onExport={
                  noDownloads
                    ? undefined
                    : () => {
                        setExportRange(undefined);
                        setExporting(a.acquisition_id);
                      }
                }
                onReview={() => setReviewing(a.acquisition_id)}
              />
            ))}
          </tbody>
        </table>
      )}
      {reviewTarget && (
        <CaptureReview
          // Siblings need distinct keys: keyed by the bare id, the review and the live view of the same
          // capture collided and React added a new review on every render instead of updating it.
          key={`review-${reviewTarget.acquisition_id}`}
          acquisition={reviewTarget}
          onClose={() => setReviewing(undefined)}
          onExport={
            noDownloads
              ? undefined
              : (range) => {
                  setExportRange(range);
                  setExporting(reviewTarget.acquisition_id);
                }
          }
        />
      )}
      {selected && !noDownloads && (
        <AcquisitionLiveChart key={`live-${selected.acquisition_id}`} acquisition={selected} />
      )}
      {exportTarget && (
        <ExportDialog
          acquisition={exportTarget}
          onClose={() => setExporting(undefined)}
          {...(exportRange && { initial: visibleExportRange(exportTarget, exportRange) })}
        />
      )}
    </section>
  );
}
