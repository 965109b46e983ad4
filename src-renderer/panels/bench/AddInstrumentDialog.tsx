/**
 * Adds an instrument to the bench (`add_instrument`): an id, what people call it, and a driver from those
 * the backend offers. Checked as typed; the backend's refusal, if it still refuses, is shown as it says it.
 */
import { useEffect, useRef, useState } from 'react';
import { useBench, useBenchState } from '../../client/BenchContext';
import { checkNewInstrument, suggestId, type NewInstrumentDraft } from './newInstrument';

export function AddInstrumentDialog({ onClose }: { onClose(): void }): React.JSX.Element {
  const bench = useBench();
  const drivers = useBenchState((s) => s.drivers) ?? [];
  const ids = (useBenchState((s) => s.instruments) ?? []).map((i) => i.id);
  const ref = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState<NewInstrumentDraft>(() => {
    const driver = drivers[0];
    return { driver: driver?.name ?? '', id: suggestId(driver?.kind, ids), label: '' };
  });
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const check = checkNewInstrument(draft, ids, drivers);
  const errors = touched && !check.ok ? check.errors : {};
  const change = (patch: Partial<NewInstrumentDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setRefusal(undefined);
  };
  const submit = (): void => {
    setTouched(true);
    if (!check.ok || busy) return;
    setBusy(true);
    bench.addInstrument(check.entry).then(onClose, (err: Error) => {
      setRefusal(err.message);
      setBusy(false);
    });
  };
  const field = (
    name: keyof NewInstrumentDraft,
    label: string,
    input: React.JSX.Element,
  ): React.JSX.Element => (
    <label className={`form-field${errors[name] ? ' invalid' : ''}`}>
      <span className="setting-label">{label}</span>
      {input}
      {errors[name] && (
        <span className="setting-error" role="alert" data-testid={`add-instrument-${name}-error`}>
          {label} {errors[name]}
        </span>
      )}
    </label>
  );
  return (
    <dialog
      ref={ref}
      className="help-dialog add-instrument"
      aria-labelledby="add-instrument-title"
      data-testid="add-instrument-dialog"
      onClose={onClose}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id="add-instrument-title">Add an instrument</h2>
        {field(
          'driver',
          'Driver',
          <select
            value={draft.driver}
            data-testid="add-instrument-driver"
            onChange={(e) => {
              const driver = drivers.find((d) => d.name === e.target.value);
              change({ driver: e.target.value, id: suggestId(driver?.kind, ids) });
            }}
          >
            {drivers.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} — {d.description}
              </option>
            ))}
          </select>,
        )}
        {field(
          'id',
          'Id',
          <input
            type="text"
            value={draft.id}
            data-testid="add-instrument-id"
            aria-describedby="add-instrument-id-hint"
            onChange={(e) => change({ id: e.target.value })}
          />,
        )}
        <span id="add-instrument-id-hint" className="muted small">
          A letter, then letters, digits, _ or -; used in commands and files.
        </span>
        {field(
          'label',
          'Name',
          <input
            type="text"
            value={draft.label}
            placeholder="e.g. Bench supply (left)"
            data-testid="add-instrument-label"
            onChange={(e) => change({ label: e.target.value })}
          />,
        )}
        {refusal && (
          <p className="setting-error" role="alert" data-testid="add-instrument-refusal">
            The backend refused: {refusal}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose} data-testid="add-instrument-cancel">
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="add-instrument-submit">
            {busy ? 'Adding…' : 'Add'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
