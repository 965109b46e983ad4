/**
 * An opened fleet bench's control lease above its panels: who controls it, "Take control" or "Release"
 * (the same lease the overview's card shows), and the bench's refusal in place when taking it fails.
 * Nothing for a direct bench: it has no lease, this dashboard always controls it.
 */
import { useState } from 'react';
import { useBench } from '../client/BenchContext';
import { useLease } from '../client/benchControl';
import './LeaseBar.css';

export function LeaseBar(): React.JSX.Element | null {
  const { control } = useBench();
  const lease = useLease();
  const [busy, setBusy] = useState(false);
  if (control === undefined) return null;
  const act = (action: () => Promise<void>): void => {
    setBusy(true);
    // A refusal is kept in the lease view (`lease.error`) and shown below.
    action()
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };
  return (
    <div
      className={`lease-bar ${lease.ours ? 'ours' : 'observing'}`}
      role="status"
      data-testid="lease-bar"
      data-ours={lease.ours}
    >
      <span data-testid="lease-holder">
        {lease.ours
          ? 'You control this fleet bench.'
          : lease.holder === undefined
            ? 'Nobody controls this fleet bench: you are observing; take control to change settings.'
            : `Controlled by ${lease.holder}: you are observing; settings are read-only here.`}
      </span>
      {lease.ours ? (
        <button
          type="button"
          disabled={busy}
          onClick={() => act(() => control.release())}
          data-testid="lease-release"
        >
          Release
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => act(() => control.take())}
          data-testid="lease-take"
        >
          Take control
        </button>
      )}
      {lease.error !== undefined && (
        <span className="lease-error" role="alert" data-testid="lease-error">
          {lease.error}
        </span>
      )}
    </div>
  );
}
