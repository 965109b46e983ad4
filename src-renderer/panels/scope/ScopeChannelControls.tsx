/**
 * Per-channel vertical controls (on/off, V/div, coupling) and, because the inputs are simulated, the
 * signal each channel sees (shape, frequency, amplitude, offset).
 */
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { useBench } from '../../client/BenchContext';
import type { InstrumentSettings } from '../../store/benchState';
import { formatSi } from '../../util/si';
import { NumberSetting } from '../controls/NumberSetting';
import { SelectSetting } from '../controls/SelectSetting';
import { Toggle } from '../controls/Toggle';
import { VOLTS_PER_DIV } from './scopeChoices';

export interface ScopeChannelControlsProps {
  instrument: InstrumentInfo;
  channel: number;
  settings: InstrumentSettings | undefined;
  disabled: boolean;
  onError(err: Error): void;
}

export function ScopeChannelControls({
  instrument,
  channel,
  settings,
  disabled,
  onError,
}: ScopeChannelControlsProps): React.JSX.Element {
  const bench = useBench();
  const c = settings?.channels[channel] ?? {};
  const param = (name: string) => instrument.parameters.find((p) => p.name === name && p.channel === channel);
  const set = (name: string, value: number | string | boolean): void =>
    void bench.setParameter(instrument.id, name, value, channel).catch(onError);
  const commit = (name: string) => (value: number) => bench.setParameter(instrument.id, name, value, channel);
  const prefix = `scope-ch${channel}`;
  return (
    <fieldset className={`scope-channel ch${channel}`} data-testid={prefix}>
      <legend>
        <span className={`channel-swatch ch${channel}`} aria-hidden /> CH{channel}
      </legend>
      <Toggle
        label={`CH${channel} display`}
        checked={c.enabled === true}
        testId={`${prefix}-enabled`}
        disabled={disabled}
        onChange={(on) => set('enabled', on)}
      />
      <SelectSetting
        label="V/div"
        value={c.volts_per_div as number | undefined}
        choices={VOLTS_PER_DIV}
        format={(v) => formatSi(v, 'V', 3)}
        testId={`${prefix}-vdiv`}
        disabled={disabled}
        onChange={(v) => set('volts_per_div', v)}
      />
      <SelectSetting
        label="Coupling"
        value={c.coupling as string | undefined}
        choices={param('coupling')?.choices ?? []}
        testId={`${prefix}-coupling`}
        disabled={disabled}
        onChange={(v) => set('coupling', v)}
      />
      <details className="signal-settings">
        <summary>Signal (simulated)</summary>
        <SelectSetting
          label="Shape"
          value={c.signal as string | undefined}
          choices={param('signal')?.choices ?? []}
          testId={`${prefix}-signal`}
          disabled={disabled}
          onChange={(v) => set('signal', v)}
        />
        <NumberSetting
          label="Frequency"
          unit="Hz"
          value={c.frequency as number | undefined}
          min={param('frequency')?.min ?? 0}
          max={param('frequency')?.max ?? 1e9}
          step={1}
          digits={2}
          testId={`${prefix}-frequency`}
          disabled={disabled}
          onCommit={commit('frequency')}
        />
        <NumberSetting
          label="Amplitude"
          unit="Vpp"
          value={c.amplitude as number | undefined}
          min={param('amplitude')?.min ?? 0}
          max={param('amplitude')?.max ?? 100}
          step={0.01}
          digits={3}
          testId={`${prefix}-amplitude`}
          disabled={disabled}
          onCommit={commit('amplitude')}
        />
        <NumberSetting
          label="Offset"
          unit="V"
          value={c.offset as number | undefined}
          min={param('offset')?.min ?? -50}
          max={param('offset')?.max ?? 50}
          step={0.01}
          digits={3}
          testId={`${prefix}-offset`}
          disabled={disabled}
          onCommit={commit('offset')}
        />
      </details>
    </fieldset>
  );
}
