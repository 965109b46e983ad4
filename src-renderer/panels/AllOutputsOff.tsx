/** The panic button: every output of a power supply off (also Alt+O, see app/shortcuts.ts). */
import { useState } from 'react';
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import { allOutputsOff } from '../app/commands';
import { useBench, useBenchState } from '../client/BenchContext';
import { useControlBlocked } from '../client/benchControl';

export function AllOutputsOff({ instrument }: { instrument: InstrumentInfo }): React.JSX.Element {
  const bench = useBench();
  const connected = useBenchState((s) => s.connection.state === 'open');
  // A fleet bench's controls work for the holder of its lease only; the lease bar says who holds it.
  const blocked = useControlBlocked() !== undefined;
  const [result, setResult] = useState<string | undefined>(undefined);
  return (
    <span className="all-off">
      <button
        type="button"
        className="danger"
        disabled={!connected || blocked}
        onClick={() => void allOutputsOff(bench, instrument).then(setResult)}
        data-testid={`${instrument.id}-all-off`}
        title="All outputs off (Alt+O)"
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
