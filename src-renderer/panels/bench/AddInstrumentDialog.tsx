/**
 * Adds an instrument to the bench (`add_instrument`): an id, what people call it, and either a driver from
 * the simulators the backend offers (network drivers are not listed: they need an address) or a network instrument found by address (`probe_instrument` picks
 * its driver; its host and port become the driver's options). Checked as typed; the backend's refusal, if it
 * still refuses, is shown as it says it.
 */
import { useEffect, useRef, useState } from 'react';
import { useBench, useBenchState } from '../../client/BenchContext';
import { AddressSection } from './AddressSection';
import { draftFromProbe, entryFromProbe } from './instrumentAddress';
import { checkNewInstrument, simulatorDrivers, suggestId, type NewInstrumentDraft } from './newInstrument';
import { useInstrumentAddress } from './useInstrumentAddress';

type AddMode = 'driver' | 'address';

export function AddInstrumentDialog({ onClose }: { onClose(): void }): React.JSX.Element {
  const bench = useBench();
  const allDrivers = useBenchState((s) => s.drivers) ?? [];
  // The list offers simulators only; a network instrument's driver comes from probing its address.
  const simulators = simulatorDrivers(allDrivers);
  const ids = (useBenchState((s) => s.instruments) ?? []).map((i) => i.id);
  const ref = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState<NewInstrumentDraft>(() => {
    const driver = simulators[0];
    return { driver: driver?.name ?? '', id: suggestId(driver?.kind, ids), label: '' };
  });
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const [mode, setMode] = useState<AddMode>('driver');
  // Read when an answer arrives, not from the render that sent the request.
  const currentIds = (): string[] => (bench.state.current().instruments ?? []).map((i) => i.id);
  // A probe answered: its model suggests the id and name (still editable), its driver is the one to use.
  const address = useInstrumentAddress(bench, (found) => {
    if (found.equipment_id !== undefined) return;
    setDraft(draftFromProbe(found, currentIds()));
    setTouched(false);
    setRefusal(undefined);
  });
  const probe = address.outcome?.kind === 'found' ? address.outcome.probe : undefined;
  // By address, Add needs an instrument identified and not on the bench already.
  const addable = mode === 'driver' || (probe !== undefined && probe.equipment_id === undefined);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const check = checkNewInstrument(draft, ids, mode === 'driver' ? simulators : allDrivers);
  const errors = touched && !check.ok ? check.errors : {};
  const change = (patch: Partial<NewInstrumentDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setRefusal(undefined);
  };
  const switchMode = (next: AddMode): void => {
    if (next === mode) return;
    setMode(next);
    setTouched(false);
    setRefusal(undefined);
    // Each way starts from its own suggestion: a simulator's driver is never sent with an address.
    if (next === 'driver') {
      const driver = simulators[0];
      setDraft({ driver: driver?.name ?? '', id: suggestId(driver?.kind, ids), label: '' });
    } else if (probe !== undefined && probe.equipment_id === undefined) {
      setDraft(draftFromProbe(probe, ids));
    }
  };
  const submit = (): void => {
    // Enter in the host or port field identifies first: there is nothing to add until then.
    if (mode === 'address' && probe === undefined) return address.identify();
    setTouched(true);
    if (!check.ok || busy || !addable) return;
    const entry = mode === 'address' && probe ? entryFromProbe(check.entry, probe) : check.entry;
    setBusy(true);
    bench.addInstrument(entry).then(onClose, (err: Error) => {
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
        <div className="add-mode" role="group" aria-label="How to add it">
          <button
            type="button"
            aria-pressed={mode === 'driver'}
            onClick={() => switchMode('driver')}
            data-testid="add-instrument-mode-driver"
          >
            Simulator
          </button>
          <button
            type="button"
            aria-pressed={mode === 'address'}
            onClick={() => switchMode('address')}
            data-testid="add-instrument-mode-address"
          >
            By address
          </button>
        </div>
        {mode === 'address' && <AddressSection address={address} />}
        {mode === 'driver' &&
          field(
            'driver',
            'Simulator',
            <select
              value={draft.driver}
              data-testid="add-instrument-driver"
              onChange={(e) => {
                const driver = simulators.find((d) => d.name === e.target.value);
                change({ driver: e.target.value, id: suggestId(driver?.kind, ids) });
              }}
            >
              {simulators.map((d) => (
                <option key={d.name} value={d.name}>
                  {d.name} — {d.description}
                </option>
              ))}
            </select>,
          )}
        {addable &&
          field(
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
        {addable && (
          <span id="add-instrument-id-hint" className="muted small">
            A letter, then letters, digits, _ or -; used in commands and files.
          </span>
        )}
        {addable &&
          field(
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
          <button
            type="submit"
            className="primary"
            disabled={busy || !addable}
            data-testid="add-instrument-submit"
          >
            {busy ? 'Adding…' : 'Add'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
