/**
 * One power-supply output's front panel: voltage setpoint, current limit, output switch, and its
 * protection (levels, enables, state and clear). Ranges come from the catalog, values from the instrument.
 */
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import { useBench, useBenchState } from '../client/BenchContext';
import { NumberSetting } from './controls/NumberSetting';
import { PsuProtection } from './psu/PsuProtection';
import { settingRange } from './psu/settingRange';
import { SIMULATED_LOAD_PARAMETERS, SimulatedGroup } from './SimulatedGroup';
import { Toggle } from './controls/Toggle';
import { useControlBlocked } from '../client/benchControl';

export interface PsuChannelControlsProps {
  instrument: InstrumentInfo;
  channel: number;
}

export function PsuChannelControls({ instrument, channel }: PsuChannelControlsProps): React.JSX.Element {
  const bench = useBench();
  const instrumentSettings = useBenchState((s) => s.settings[instrument.id]);
  const settings = instrumentSettings?.channels[channel];
  const coupling = instrumentSettings?.global.tracking_mode;
  const connected = useBenchState((s) => s.connection.state === 'open');
  // A fleet bench's controls work for the holder of its lease only; the lease bar says who holds it.
  const blocked = useControlBlocked() !== undefined;
  const addEvent = bench.state.addEvent.bind(bench.state);
  const set = (parameter: string, value: number | boolean): Promise<void> =>
    bench.setParameter(instrument.id, parameter, value, channel);
  const report = (err: Error): void =>
    addEvent({
      type: 'event',
      level: 'error',
      kind: 'command_failed',
      equipment_id: instrument.id,
      channel,
      message: err.message,
      timestamp: Date.now(),
    });
  const tripped = typeof settings?.protection_tripped === 'string' && settings.protection_tripped !== 'none';
  const disabled = !connected || !settings || blocked;
  const prefix = `psu-ch${channel}`;
  return (
    <>
      <div className="psu-controls">
        <NumberSetting
          label="Set"
          unit="V"
          value={settings?.voltage_set as number | undefined}
          {...settingRange(instrument, 'voltage_set', channel, 0.01, coupling)}
          testId={`${prefix}-voltage-set`}
          disabled={disabled}
          onCommit={(v) => set('voltage_set', v)}
        />
        <NumberSetting
          label="Limit"
          unit="A"
          value={settings?.current_set as number | undefined}
          {...settingRange(instrument, 'current_set', channel, 0.001, coupling)}
          testId={`${prefix}-current-set`}
          disabled={disabled}
          onCommit={(v) => set('current_set', v)}
        />
        <Toggle
          label={`CH${channel} output`}
          checked={settings?.output_enabled === true}
          testId={`${prefix}-output`}
          disabled={disabled || tripped}
          onChange={(on) => void set('output_enabled', on).catch(report)}
        />
        <SimulatedGroup
          title="Simulated load"
          instrument={instrument}
          names={SIMULATED_LOAD_PARAMETERS}
          channel={channel}
          values={settings}
          disabled={disabled}
          testId={`${prefix}-simulated`}
          onError={report}
        />
      </div>
      <PsuProtection
        instrument={instrument}
        channel={channel}
        settings={settings}
        coupling={coupling}
        disabled={disabled}
        set={set}
        report={report}
      />
    </>
  );
}
