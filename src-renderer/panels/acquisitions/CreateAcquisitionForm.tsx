/**
 * The capture form: source, channels, rate, mode, length and trigger. Checked here for the obvious
 * (rate range, a channel picked, a length for single captures) so most mistakes never leave the page;
 * the backend validates again and its errors are shown as they come.
 */
import { useState } from 'react';
import type {
  AcquisitionModeName,
  AcquisitionCreatedMessage,
  TriggerSlopeName,
} from '../../../shared/protocol/acquisition';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { connection } from '../../app/backend';
import { useAppStore } from '../../store';
import { captureBytes, captureCapability, formatBytes } from './acquisitionChannels';

export interface CreateAcquisitionFormProps {
  instruments: InstrumentInfo[];
  onCreated(acquisitionId: string, startNow: boolean): void;
}

export function CreateAcquisitionForm({
  instruments,
  onCreated,
}: CreateAcquisitionFormProps): React.JSX.Element {
  const [equipmentId, setEquipmentId] = useState(
    instruments.find((i) => i.kind === 'oscilloscope')?.id ?? instruments[0]?.id ?? '',
  );
  const instrument = instruments.find((i) => i.id === equipmentId);
  const capability = instrument ? captureCapability(instrument) : undefined;
  const [name, setName] = useState('');
  const [channels, setChannels] = useState<string[]>([]);
  const [rateText, setRateText] = useState('');
  const [mode, setMode] = useState<AcquisitionModeName>('continuous');
  const [durationText, setDurationText] = useState('5');
  const [triggerChannel, setTriggerChannel] = useState('');
  const [triggerLevelText, setTriggerLevelText] = useState('0');
  const [slope, setSlope] = useState<TriggerSlopeName>('rising');
  const [preTriggerText, setPreTriggerText] = useState('0');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const connected = useAppStore((s) => s.connection.state === 'open');

  const chosen = channels.filter((c) => capability?.channels.some((k) => k.name === c));
  const sampleRateHz = rateText === '' ? (capability?.defaultSampleRateHz ?? 0) : Number(rateText);
  const durationS = durationText === '' ? undefined : Number(durationText);
  const samples =
    durationS !== undefined && Number.isFinite(durationS) ? Math.round(durationS * sampleRateHz) : undefined;

  const validate = (): string | undefined => {
    if (!instrument || !capability) return 'choose an instrument';
    if (chosen.length === 0) return 'choose at least one channel';
    if (chosen.length > 8) return 'at most 8 channels per capture';
    if (!(sampleRateHz > 0) || sampleRateHz > capability.maxSampleRateHz)
      return `sample rate must be between 0 and ${capability.maxSampleRateHz} Hz`;
    if (durationS !== undefined && !(durationS > 0)) return 'duration must be a positive number of seconds';
    if (mode === 'single' && durationS === undefined) return 'a single capture needs a duration';
    if (mode === 'triggered') {
      if (!chosen.includes(triggerChannel)) return 'the trigger channel must be one of the captured channels';
      if (!Number.isFinite(Number(triggerLevelText))) return 'trigger level must be a number';
      const pre = Number(preTriggerText);
      if (!Number.isInteger(pre) || pre < 0) return 'pre-trigger samples must be a whole number ≥ 0';
    }
    return undefined;
  };

  const submit = (startNow: boolean): void => {
    const problem = validate();
    setError(problem);
    if (problem || !instrument) return;
    setBusy(true);
    connection
      .request<AcquisitionCreatedMessage>({
        type: 'create_acquisition',
        equipment_id: instrument.id,
        name: name.trim(),
        mode,
        sample_rate: sampleRateHz,
        channels: chosen,
        ...(durationS !== undefined ? { duration_s: durationS } : {}),
        ...(mode === 'triggered'
          ? {
              trigger: {
                channel: triggerChannel,
                level: Number(triggerLevelText),
                slope,
                pre_trigger_samples: Number(preTriggerText),
              },
            }
          : {}),
      })
      .then(
        (created) => {
          useAppStore.getState().upsertAcquisition(created.acquisition);
          onCreated(created.acquisition_id, startNow);
        },
        (err: Error) => setError(err.message),
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
          onChange={(e) => (setEquipmentId(e.target.value), setChannels([]), setRateText(''))}
        >
          {instruments.map((i) => (
            <option key={i.id} value={i.id}>
              {i.model} ({i.id})
            </option>
          ))}
        </select>
      </label>
      <fieldset className="acq-channels">
        <legend>Channels</legend>
        {capability?.channels.map((c) => (
          <label key={c.name} className="checkbox">
            <input
              type="checkbox"
              data-testid={`acq-channel-${c.name}`}
              checked={chosen.includes(c.name)}
              onChange={(e) =>
                setChannels((list) =>
                  e.target.checked ? [...list, c.name] : list.filter((x) => x !== c.name),
                )
              }
            />
            {c.name} <span className="muted">({c.unit})</span>
          </label>
        ))}
      </fieldset>
      <label>
        <span className="setting-label">Sample rate (Hz)</span>
        <input
          type="text"
          inputMode="decimal"
          data-testid="acq-rate"
          placeholder={String(capability?.defaultSampleRateHz ?? '')}
          value={rateText}
          onChange={(e) => setRateText(e.target.value)}
        />
      </label>
      <label>
        <span className="setting-label">Mode</span>
        <select
          value={mode}
          data-testid="acq-mode"
          onChange={(e) => setMode(e.target.value as AcquisitionModeName)}
        >
          <option value="continuous">continuous</option>
          <option value="single">single</option>
          <option value="triggered">triggered</option>
        </select>
      </label>
      <label>
        <span className="setting-label">
          Duration (s){mode === 'continuous' ? ', empty = until stopped' : ''}
        </span>
        <input
          type="text"
          inputMode="decimal"
          data-testid="acq-duration"
          value={durationText}
          onChange={(e) => setDurationText(e.target.value)}
        />
      </label>
      {mode === 'triggered' && (
        <fieldset>
          <legend>Trigger</legend>
          <select
            aria-label="Trigger channel"
            value={triggerChannel}
            data-testid="acq-trigger-channel"
            onChange={(e) => setTriggerChannel(e.target.value)}
          >
            <option value="">channel…</option>
            {chosen.map((c) => (
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
            onChange={(e) => setTriggerLevelText(e.target.value)}
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
            onChange={(e) => setPreTriggerText(e.target.value)}
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
        {samples !== undefined && chosen.length > 0
          ? `≈ ${formatBytes(captureBytes(samples, chosen.length))} on disk`
          : ''}
      </span>
      <button
        type="button"
        disabled={!connected || busy}
        onClick={() => submit(false)}
        data-testid="acq-create"
      >
        Create
      </button>
      <button
        type="button"
        className="primary"
        disabled={!connected || busy}
        onClick={() => submit(true)}
        data-testid="acq-create-start"
      >
        Create &amp; start
      </button>
      {error && (
        <span className="setting-error" role="alert" data-testid="acq-form-error">
          {error}
        </span>
      )}
    </form>
  );
}
