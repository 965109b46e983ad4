/**
 * One power-supply output's front panel: voltage setpoint, current limit, output switch, and the
 * protection state with its reset. Ranges come from the catalog, values from the instrument.
 */
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import { useBench, useBenchState } from '../client/BenchContext';
import { digitsForStep } from './controls/stepDigits';
import { NumberSetting } from './controls/NumberSetting';
import { SIMULATED_LOAD_PARAMETERS, SimulatedGroup } from './SimulatedGroup';
import { Toggle } from './controls/Toggle';

export interface PsuChannelControlsProps {
  instrument: InstrumentInfo;
  channel: number;
}

/** Range and resolution from the catalog; `fallbackStep` where it gives no step (3 decimals shown at least). */
function range(
  instrument: InstrumentInfo,
  name: string,
  channel: number,
  fallbackStep: number,
): { min: number; max: number; step: number; digits: number } {
  const info = instrument.parameters.find((p) => p.name === name && p.channel === channel);
  const step = info?.step ?? fallbackStep;
  return { min: info?.min ?? 0, max: info?.max ?? 0, step, digits: Math.max(3, digitsForStep(step)) };
}

export function PsuChannelControls({ instrument, channel }: PsuChannelControlsProps): React.JSX.Element {
  const bench = useBench();
  const settings = useBenchState((s) => s.settings[instrument.id])?.channels[channel];
  const connected = useBenchState((s) => s.connection.state === 'open');
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
  const trip =
    typeof settings?.protection_tripped === 'string' && settings.protection_tripped !== 'none'
      ? settings.protection_tripped
      : undefined;
  const prefix = `psu-ch${channel}`;
  return (
    <div className="psu-controls">
      <NumberSetting
        label="Set"
        unit="V"
        value={settings?.voltage_set as number | undefined}
        {...range(instrument, 'voltage_set', channel, 0.01)}
        testId={`${prefix}-voltage-set`}
        disabled={!connected || !settings}
        onCommit={(v) => set('voltage_set', v)}
      />
      <NumberSetting
        label="Limit"
        unit="A"
        value={settings?.current_set as number | undefined}
        {...range(instrument, 'current_set', channel, 0.001)}
        testId={`${prefix}-current-set`}
        disabled={!connected || !settings}
        onCommit={(v) => set('current_set', v)}
      />
      <Toggle
        label={`CH${channel} output`}
        checked={settings?.output_enabled === true}
        testId={`${prefix}-output`}
        disabled={!connected || !settings || trip !== undefined}
        onChange={(on) => void set('output_enabled', on).catch(report)}
      />
      {trip && (
        <span className="protection-trip" role="alert" data-testid={`${prefix}-trip`}>
          {trip.toUpperCase()} tripped
          <button
            type="button"
            className="link"
            onClick={() => void set('clear_protection', true).catch(report)}
            data-testid={`${prefix}-clear-trip`}
          >
            Reset
          </button>
        </span>
      )}
      <SimulatedGroup
        title="Simulated load"
        instrument={instrument}
        names={SIMULATED_LOAD_PARAMETERS}
        channel={channel}
        values={settings}
        disabled={!connected || !settings}
        testId={`${prefix}-simulated`}
        onError={report}
      />
    </div>
  );
}
