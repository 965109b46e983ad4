/**
 * The panic button: every output of a power supply off, each channel commanded independently so one
 * failure cannot stop the others. Also on a keyboard shortcut (Alt+O), active anywhere in the app.
 */
import { useCallback, useEffect, useState } from 'react';
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import { setParameter } from '../app/backend';
import { useAppStore } from '../store';

export const ALL_OFF_SHORTCUT = { key: 'o', altKey: true, label: 'Alt+O' } as const;

export function AllOutputsOff({ instrument }: { instrument: InstrumentInfo }): React.JSX.Element {
  const connected = useAppStore((s) => s.connection.state === 'open');
  const [result, setResult] = useState<string | undefined>(undefined);
  const allOff = useCallback(() => {
    const channels = instrument.channels.map((_, i) => i + 1);
    void Promise.allSettled(
      channels.map((ch) => setParameter(instrument.id, 'output_enabled', false, ch)),
    ).then((results) => {
      const failed = results.flatMap((r, i) =>
        r.status === 'rejected' ? [`CH${channels[i]}: ${(r.reason as Error).message}`] : [],
      );
      setResult(failed.length === 0 ? 'All outputs off' : `Failed: ${failed.join('; ')}`);
    });
  }, [instrument]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (
        e.altKey === ALL_OFF_SHORTCUT.altKey &&
        !e.ctrlKey &&
        !e.metaKey &&
        e.key.toLowerCase() === ALL_OFF_SHORTCUT.key
      ) {
        e.preventDefault();
        allOff();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [allOff]);

  return (
    <span className="all-off">
      <button
        type="button"
        className="danger"
        disabled={!connected}
        onClick={allOff}
        data-testid={`${instrument.id}-all-off`}
        title={`All outputs off (${ALL_OFF_SHORTCUT.label})`}
      >
        All outputs off
      </button>
      {result && (
        <span className="muted" role="status" data-testid={`${instrument.id}-all-off-result`}>
          {result}
        </span>
      )}
    </span>
  );
}
