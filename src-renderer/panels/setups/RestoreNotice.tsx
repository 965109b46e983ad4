/**
 * Says, once per backend run, that the backend restored each instrument's settings from its last run and
 * left the outputs off — so nobody wonders why a supply they left on is off, or why settings came back.
 */
import { useEffect, useState } from 'react';
import type { SetupRestoreSummary } from '../../../shared/protocol/setups';
import { useBench, useBenchState } from '../../client/BenchContext';
import { listSetups } from './setupActions';

export function RestoreNotice({ onDetails }: { onDetails(): void }): React.JSX.Element | null {
  const bench = useBench();
  const connected = useBenchState((s) => s.connection.state === 'open');
  const [restored, setRestored] = useState<SetupRestoreSummary | undefined>(undefined);
  const [dismissedAt, setDismissedAt] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (!connected) return;
    listSetups(bench).then(
      (reply) => setRestored(reply.restored),
      () => undefined, // Asked again on the next connect.
    );
  }, [bench, connected]);
  if (restored === undefined || restored.at === dismissedAt) return null;
  const { applied, skipped, outputs_left_off: off } = restored.report;
  return (
    <div className="notice restore-notice" role="status" data-testid="restore-notice">
      <span>
        Settings from the last run restored ({applied.length} applied
        {skipped.length > 0 ? `, ${skipped.length} not applied` : ''}).
        {off.length > 0 && <strong> Outputs left off — turn on when ready.</strong>}
      </span>
      <button type="button" className="link" onClick={onDetails} data-testid="restore-notice-details">
        Details
      </button>
      <button
        type="button"
        className="link"
        onClick={() => setDismissedAt(restored.at)}
        data-testid="restore-notice-dismiss"
      >
        Dismiss
      </button>
    </div>
  );
}
