/**
 * Defines an alarm. Instrument, stream, field and channel are chosen from the catalog, so only what really
 * exists can be named; the limit's unit is the field's. The backend checks it all again; its refusal is
 * shown until the form changes.
 */
import { useState } from 'react';
import { ALARM_LEVELS } from '../../../shared/protocol/alarm';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { useBench, useBenchState } from '../../client/BenchContext';
import { useControlBlocked } from '../../client/benchControl';
import {
  type ActionChoice,
  type AlarmFormValues,
  checkAlarmForm,
  type ConditionKind,
  fieldsOf,
  initialValues,
  supplies,
  watchableStreams,
  withInstrument,
} from './alarmForm';

const CONDITIONS: { kind: ConditionKind; label: string }[] = [
  { kind: 'above', label: 'above' },
  { kind: 'below', label: 'below' },
  { kind: 'outside', label: 'outside a band' },
  { kind: 'rate', label: 'rate of change above' },
];

const ACTIONS: { choice: ActionChoice; label: string }[] = [
  { choice: 'notify', label: 'Notify only' },
  { choice: 'outputs_off_instrument', label: 'Outputs off on one supply' },
  { choice: 'outputs_off_bench', label: 'Outputs off on the whole bench' },
  { choice: 'stop_acquisition', label: 'Stop an acquisition' },
];

export function AlarmForm({ instruments }: { instruments: InstrumentInfo[] }): React.JSX.Element {
  const bench = useBench();
  const blocked = useControlBlocked();
  const acquisitions = useBenchState((s) => s.acquisitions);
  const [values, setValues] = useState<AlarmFormValues>(() => initialValues(instruments));
  const [submitted, setSubmitted] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; key: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(values);
  const watchable = instruments.filter((i) => watchableStreams(i).length > 0);
  const instrument = instruments.find((i) => i.id === values.equipmentId);
  const unit = fieldsOf(values.streamType).find((f) => f.name === values.field)?.unit ?? '';
  const { spec, problem } = checkAlarmForm(values);
  const message = (submitted ? problem : undefined) ?? (refusal?.key === key ? refusal.message : undefined);
  const set = (patch: Partial<AlarmFormValues>): void => setValues((v) => ({ ...v, ...patch }));

  const submit = (): void => {
    setSubmitted(true);
    if (spec === undefined) return;
    setBusy(true);
    bench.alarms
      .define(spec)
      .then(
        () => {
          setSubmitted(false);
          setRefusal(undefined);
          setValues((v) => ({ ...v, name: '' }));
        },
        (err: Error) => setRefusal({ message: err.message, key }),
      )
      .finally(() => setBusy(false));
  };

  if (watchable.length === 0) {
    return <p className="muted empty-note">No instrument here has readings or measurements to watch yet.</p>;
  }
  return (
    <form
      className="alarm-form"
      data-testid="alarm-form"
      aria-label="New alarm"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="form-field">
        <span className="setting-label">Name</span>
        <input
          type="text"
          data-testid="alarm-name"
          value={values.name}
          maxLength={64}
          placeholder="e.g. CH1 over-current"
          onChange={(e) => set({ name: e.target.value })}
        />
      </label>
      <label className="form-field">
        <span className="setting-label">Instrument</span>
        <select
          data-testid="alarm-instrument"
          value={values.equipmentId}
          onChange={(e) =>
            setValues((v) =>
              withInstrument(
                v,
                instruments.find((i) => i.id === e.target.value),
              ),
            )
          }
        >
          {watchable.map((i) => (
            <option key={i.id} value={i.id}>
              {i.label} ({i.model})
            </option>
          ))}
        </select>
      </label>
      <label className="form-field">
        <span className="setting-label">Watch</span>
        <select
          data-testid="alarm-field"
          value={`${values.streamType}/${values.field}`}
          onChange={(e) => {
            const [streamType, field] = e.target.value.split('/') as [AlarmFormValues['streamType'], string];
            set({ streamType, field });
          }}
        >
          {watchableStreams(instrument).flatMap((streamType) =>
            fieldsOf(streamType).map((f) => (
              <option key={`${streamType}/${f.name}`} value={`${streamType}/${f.name}`}>
                {f.name} ({f.unit}){streamType === 'measurements' ? ' measurement' : ''}
              </option>
            )),
          )}
        </select>
      </label>
      <label className="form-field">
        <span className="setting-label">Channel</span>
        <select
          data-testid="alarm-channel"
          value={values.channel}
          onChange={(e) => set({ channel: Number(e.target.value) })}
        >
          {(instrument?.channels ?? []).map((c, i) => (
            <option key={c.name} value={i + 1}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="form-field">
        <span className="setting-label">Condition</span>
        <select
          data-testid="alarm-condition"
          value={values.kind}
          onChange={(e) => set({ kind: e.target.value as ConditionKind })}
        >
          {CONDITIONS.map((c) => (
            <option key={c.kind} value={c.kind}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      {values.kind === 'outside' ? (
        <>
          <NumberField
            label={`Low (${unit})`}
            testId="alarm-low"
            value={values.lowText}
            onChange={(t) => set({ lowText: t })}
          />
          <NumberField
            label={`High (${unit})`}
            testId="alarm-high"
            value={values.highText}
            onChange={(t) => set({ highText: t })}
          />
        </>
      ) : (
        <NumberField
          label={values.kind === 'rate' ? `Limit (${unit}/s)` : `Limit (${unit})`}
          testId="alarm-limit"
          value={values.limitText}
          onChange={(t) => set({ limitText: t })}
        />
      )}
      {values.kind === 'rate' && (
        <NumberField
          label="Window (s)"
          testId="alarm-window"
          value={values.windowText}
          onChange={(t) => set({ windowText: t })}
        />
      )}
      <NumberField
        label={`Hysteresis (${values.kind === 'rate' ? `${unit}/s` : unit})`}
        testId="alarm-hysteresis"
        value={values.hysteresisText}
        onChange={(t) => set({ hysteresisText: t })}
      />
      <NumberField
        label="Hold-off (ms)"
        testId="alarm-holdoff"
        value={values.holdoffText}
        onChange={(t) => set({ holdoffText: t })}
      />
      <label className="form-field">
        <span className="setting-label">Level</span>
        <select
          data-testid="alarm-level"
          value={values.level}
          onChange={(e) => set({ level: e.target.value as AlarmFormValues['level'] })}
        >
          {ALARM_LEVELS.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label className="form-field">
        <span className="setting-label">Then</span>
        <select
          data-testid="alarm-action"
          value={values.action}
          onChange={(e) => set({ action: e.target.value as ActionChoice })}
        >
          {ACTIONS.map((a) => (
            <option key={a.choice} value={a.choice}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
      {values.action === 'outputs_off_instrument' && (
        <label className="form-field">
          <span className="setting-label">Supply</span>
          <select
            data-testid="alarm-action-supply"
            value={values.actionEquipmentId}
            onChange={(e) => set({ actionEquipmentId: e.target.value })}
          >
            {supplies(instruments).map((i) => (
              <option key={i.id} value={i.id}>
                {i.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {values.action === 'stop_acquisition' && (
        <label className="form-field">
          <span className="setting-label">Acquisition</span>
          <select
            data-testid="alarm-action-acquisition"
            value={values.acquisitionId}
            onChange={(e) => set({ acquisitionId: e.target.value })}
          >
            <option value="">every running one</option>
            {Object.values(acquisitions).map((a) => (
              <option key={a.acquisition_id} value={a.acquisition_id}>
                {a.name || a.acquisition_id}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="alarm-form-submit">
        <button
          type="button"
          className="primary"
          data-testid="alarm-define"
          disabled={busy || blocked !== undefined}
          title={blocked}
          onClick={submit}
        >
          Define alarm
        </button>
        {message && (
          <span className="setting-error" role="alert" data-testid="alarm-form-error">
            {message}
          </span>
        )}
      </div>
    </form>
  );
}

function NumberField(props: {
  label: string;
  testId: string;
  value: string;
  onChange(text: string): void;
}): React.JSX.Element {
  return (
    <label className="form-field">
      <span className="setting-label">{props.label}</span>
      <input
        type="text"
        inputMode="decimal"
        data-testid={props.testId}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}
