/**
 * The capture form: source, channels, rate, mode, length and trigger. Checked here as the user types
 * (captureForm.ts), in words and units, so most mistakes never leave the page; a field's message shows once
 * it has been edited (or Create was pressed) and goes as soon as it is right. The backend validates again;
 * its refusal (a capture too big for the free disk space, say) stays shown until the form is changed.
 */
import { useState } from 'react';
import type {
  AcquisitionModeName,
  AcquisitionCreatedMessage,
  TriggerSlopeName,
} from '../../../shared/protocol/acquisition';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { useBench, useBenchState } from '../../client/BenchContext';
import { captureCapability } from './acquisitionChannels';
import {
  captureEstimate,
  checkCaptureForm,
  deepRecordPointsOf,
  type CaptureField,
  type CaptureFormValues,
} from './captureForm';
import { useControlBlocked } from '../../client/benchControl';

export interface CreateAcquisitionFormProps {
  instruments: InstrumentInfo[];
  onCreated(acquisitionId: string, startNow: boolean): void;
}

export function CreateAcquisitionForm({
  instruments,
  onCreated,
}: CreateAcquisitionFormProps): React.JSX.Element {
  const bench = useBench();
  const [equipmentId, setEquipmentId] = useState(
    instruments.find((i) => i.kind === 'oscilloscope')?.id ?? instruments[0]?.id ?? '',
  );
  const instrument = instruments.find((i) => i.id === equipmentId);
  const scopeSettings = useBenchState((s) => s.settings[equipmentId]?.global);
  const [name, setName] = useState('');
  const [channels, setChannels] = useState<string[]>([]);
  const [rateText, setRateText] = useState('');
  const [mode, setMode] = useState<AcquisitionModeName>('continuous');
  const [durationText, setDurationText] = useState('5');
  const [triggerChannel, setTriggerChannel] = useState('');
  const [triggerLevelText, setTriggerLevelText] = useState('0');
  const [slope, setSlope] = useState<TriggerSlopeName>('rising');
  const [preTriggerText, setPreTriggerText] = useState('0');
  // Fields the user has edited: their problems show at once; the others' only after a Create.
  const [edited, setEdited] = useState<ReadonlySet<CaptureField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  // The backend's refusal, kept with the values it was for: it is shown until any of them changes.
  const [refusal, setRefusal] = useState<{ message: string; valuesKey: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const connected = useBenchState((s) => s.connection.state === 'open');
  // A fleet bench's controls work for the holder of its lease only; the lease bar says who holds it.
  const blocked = useControlBlocked() !== undefined;
  // single_deep is offered only where the scope's driver downloads its memory; a deep record comes at the
  // scope's own rate and length (its sample_rate and record_length settings).
  const deepOffered = instrument?.deep_memory === true;
  const deep = deepOffered && mode === 'single_deep';
  const scopeRate = numberOr(scopeSettings?.sample_rate);
  const baseCapability = instrument ? captureCapability(instrument, scopeSettings) : undefined;
  const capability =
    baseCapability && deep && scopeRate !== undefined
      ? { ...baseCapability, defaultSampleRateHz: scopeRate }
      : baseCapability;
  const effectiveMode: AcquisitionModeName = mode === 'single_deep' && !deepOffered ? 'continuous' : mode;

  const values: CaptureFormValues = {
    channels: channels.filter((c) => capability?.channels.some((k) => k.name === c)),
    rateText,
    mode: effectiveMode,
    durationText,
    triggerChannel,
    triggerLevelText,
    preTriggerText,
    ...(deep && { deepRecordPoints: deepRecordPointsOf(scopeSettings) }),
  };
  const valuesKey = JSON.stringify([equipmentId, name, slope, values]);
  const { problems, plan } = checkCaptureForm(values, capability);
  const shownProblem = problems.find((p) => submitted || edited.has(p.field));
  const message = shownProblem?.message ?? (refusal?.valuesKey === valuesKey ? refusal.message : undefined);
  const invalid = (field: CaptureField): boolean => shownProblem?.field === field;
  const edit =
    <T,>(field: CaptureField, setter: (value: T) => void) =>
    (value: T): void => {
      setter(value);
      setEdited((fields) => (fields.has(field) ? fields : new Set(fields).add(field)));
    };

  const submit = (startNow: boolean): void => {
    setSubmitted(true);
    if (problems.length > 0 || !plan || !instrument) return;
    setBusy(true);
    bench.connection
      .request<AcquisitionCreatedMessage>({
        type: 'create_acquisition',
        equipment_id: instrument.id,
        name: name.trim(),
        mode: effectiveMode,
        sample_rate: plan.sampleRateHz,
        channels: values.channels,
        ...(plan.durationS !== undefined ? { duration_s: plan.durationS } : {}),
        ...(plan.trigger
          ? {
              trigger: {
                channel: plan.trigger.channel,
                level: plan.trigger.level,
                slope,
                pre_trigger_samples: plan.trigger.preTriggerSamples,
              },
            }
          : {}),
      })
      .then(
        (created) => {
          setSubmitted(false);
          setEdited(new Set());
          setRefusal(undefined);
          bench.state.upsertAcquisition(created.acquisition);
          onCreated(created.acquisition_id, startNow);
        },
        (err: Error) => setRefusal({ message: err.message, valuesKey }),
      )
      .finally(() => setBusy(false));
  };

  return (
    <form
      className="create-acquisition"
      data-testid="acq-form"
      onSubmit={(e) => e.preventDefault()}
      aria-label="New capture"
    >
      <label>
        <span className="setting-label">Source</span>
        <select
          value={equipmentId}
          data-testid="acq-source"
          onChange={(e) => {
            setEquipmentId(e.target.value);
            setChannels([]);
            setRateText('');
            setEdited(new Set());
            setSubmitted(false);
          }}
        >
          {instruments.map((i) => (
            <option key={i.id} value={i.id}>
              {i.model} ({i.id})
            </option>
          ))}
        </select>
      </label>
      <fieldset className="acq-channels" aria-invalid={invalid('channels')}>
        <legend>Channels</legend>
        {capability?.channels.map((c) => (
          <label key={c.name} className="checkbox">
            <input
              type="checkbox"
              data-testid={`acq-channel-${c.name}`}
              checked={values.channels.includes(c.name)}
              onChange={(e) => {
                const checked = e.target.checked;
                edit(
                  'channels',
                  setChannels,
                )(checked ? [...values.channels, c.name] : values.channels.filter((x) => x !== c.name));
              }}
            />
            {c.label ?? c.name} <span className="muted">({c.unit || 'ratio, no unit'})</span>
          </label>
        ))}
      </fieldset>
      <label>
        <span className="setting-label">Sample rate (Hz)</span>
        <input
          type="text"
          inputMode="decimal"
          data-testid="acq-rate"
          aria-invalid={invalid('rate')}
          placeholder={String(capability?.defaultSampleRateHz ?? '')}
          value={rateText}
          onChange={(e) => edit('rate', setRateText)(e.target.value)}
        />
      </label>
      <label>
        <span className="setting-label">Mode</span>
        <select
          value={effectiveMode}
          data-testid="acq-mode"
          onChange={(e) => setMode(e.target.value as AcquisitionModeName)}
        >
          <option value="continuous">continuous</option>
          <option value="single">single</option>
          <option value="triggered">triggered</option>
          {deepOffered && <option value="single_deep">single deep-memory record</option>}
        </select>
      </label>
      {deep && (
        <span className="muted small" data-testid="acq-deep-hint">
          Arms one single capture on the scope, waits for its trigger and downloads its whole memory (
          {deepRecordPointsOf(scopeSettings)?.toLocaleString('en-US') ?? 'its memory depth'} points per
          channel) at its own rate.
        </span>
      )}
      {!deep && (
        <label>
          <span className="setting-label">
            Duration (s){mode === 'continuous' ? ', empty = until stopped' : ''}
          </span>
          <input
            type="text"
            inputMode="decimal"
            data-testid="acq-duration"
            aria-invalid={invalid('duration')}
            value={durationText}
            onChange={(e) => edit('duration', setDurationText)(e.target.value)}
          />
        </label>
      )}
      {effectiveMode === 'triggered' && (
        <fieldset>
          <legend>Trigger</legend>
          <select
            aria-label="Trigger channel"
            value={triggerChannel}
            data-testid="acq-trigger-channel"
            aria-invalid={invalid('trigger_channel')}
            onChange={(e) => edit('trigger_channel', setTriggerChannel)(e.target.value)}
          >
            <option value="">channel…</option>
            {values.channels.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <input
            aria-label="Trigger level"
            type="text"
            inputMode="decimal"
            value={triggerLevelText}
            aria-invalid={invalid('trigger_level')}
            onChange={(e) => edit('trigger_level', setTriggerLevelText)(e.target.value)}
          />
          <select
            aria-label="Trigger slope"
            value={slope}
            onChange={(e) => setSlope(e.target.value as TriggerSlopeName)}
          >
            <option value="rising">rising</option>
            <option value="falling">falling</option>
            <option value="either">either</option>
          </select>
          <input
            aria-label="Pre-trigger samples"
            type="text"
            inputMode="numeric"
            value={preTriggerText}
            aria-invalid={invalid('pre_trigger')}
            onChange={(e) => edit('pre_trigger', setPreTriggerText)(e.target.value)}
          />
        </fieldset>
      )}
      <label>
        <span className="setting-label">Name (label)</span>
        <input
          type="text"
          maxLength={200}
          data-testid="acq-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <span className="muted acq-estimate" data-testid="acq-estimate">
        {captureEstimate(plan)}
      </span>
      <button
        type="button"
        disabled={!connected || busy || blocked}
        onClick={() => submit(false)}
        data-testid="acq-create"
      >
        Create
      </button>
      <button
        type="button"
        className="primary"
        disabled={!connected || busy || blocked}
        onClick={() => submit(true)}
        data-testid="acq-create-start"
      >
        Create &amp; start
      </button>
      {message && (
        <span className="setting-error" role="alert" data-testid="acq-form-error">
          {message}
        </span>
      )}
    </form>
  );
}

/** A setting's value when it is a finite number; undefined for anything else (unknown, text, absent). */
function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
