/**
 * Removes an instrument from the bench (`remove_instrument`) after a confirmation; the backend's refusal
 * (it is capturing: stop that acquisition first) is shown beside it.
 */
import { useState } from 'react';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { useBench } from '../../client/BenchContext';

export function RemoveInstrument({
  instrument,
  disabled,
}: {
  instrument: InstrumentInfo;
  disabled: boolean;
}): React.JSX.Element {
  const bench = useBench();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const prefix = `sidebar-${instrument.id}-remove`;
  const remove = (): void => {
    setBusy(true);
    bench.removeInstrument(instrument.id).catch((err: Error) => {
      setRefusal(err.message);
      setBusy(false);
      setConfirming(false);
    });
  };
  return (
    <>
      <span className="remove-instrument">
        <button
          type="button"
          className="link small"
          disabled={disabled || confirming}
          title={`Remove ${instrument.label} from the bench`}
          aria-label={`Remove ${instrument.label}`}
          onClick={() => {
            setRefusal(undefined);
            setConfirming(true);
          }}
          data-testid={prefix}
        >
          ✕
        </button>
      </span>
      {confirming && (
        <span className="remove-confirm" role="group" aria-label={`Remove ${instrument.label}?`}>
          <span className="small">Remove from the bench?</span>
          <button
            type="button"
            className="danger small"
            disabled={busy}
            onClick={remove}
            data-testid={`${prefix}-confirm`}
          >
            Remove
          </button>
          <button
            type="button"
            className="small"
            onClick={() => setConfirming(false)}
            data-testid={`${prefix}-cancel`}
          >
            Keep
          </button>
        </span>
      )}
      {refusal && (
        <span className="setting-error remove-refusal" role="alert" data-testid={`${prefix}-refusal`}>
          {refusal}
        </span>
      )}
    </>
  );
}
