/**
 * Per-channel vertical controls (on/off, V/div, coupling, offset), their choices and ranges from the
 * catalog, and, where the instrument is a simulator that lists them, the signal each channel sees.
 */
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { useBench } from '../../client/BenchContext';
import type { InstrumentSettings } from '../../store/benchState';
import { formatSi } from '../../util/si';
import { CatalogNumber } from '../controls/CatalogNumber';
import { SelectSetting } from '../controls/SelectSetting';
import { Toggle } from '../controls/Toggle';
import { SIMULATED_SIGNAL_PARAMETERS, SimulatedGroup } from '../SimulatedGroup';

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
      <CatalogNumber
        parameter={param('volts_per_div')}
        label="V/div"
        value={c.volts_per_div as number | undefined}
        format={(v) => formatSi(v, 'V', 3)}
        testId={`${prefix}-vdiv`}
        disabled={disabled}
        onCommit={commit('volts_per_div')}
        onError={onError}
      />
      <SelectSetting
        label="Coupling"
        value={c.coupling as string | undefined}
        choices={param('coupling')?.choices ?? []}
        testId={`${prefix}-coupling`}
        disabled={disabled}
        onChange={(v) => set('coupling', v)}
      />
      <CatalogNumber
        parameter={param('offset')}
        label="Offset"
        value={c.offset as number | undefined}
        fallbackStep={0.01}
        minDigits={3}
        testId={`${prefix}-offset`}
        disabled={disabled}
        onCommit={commit('offset')}
        onError={onError}
      />
      <SimulatedGroup
        title="Simulated signal"
        instrument={instrument}
        names={SIMULATED_SIGNAL_PARAMETERS}
        channel={channel}
        values={c}
        disabled={disabled}
        testId={`${prefix}-simulated`}
        onError={onError}
      />
    </fieldset>
  );
}
