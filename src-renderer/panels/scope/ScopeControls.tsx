/** Horizontal, trigger and run controls of the oscilloscope, bound to its settings. */
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { useBench } from '../../client/BenchContext';
import type { InstrumentSettings } from '../../store/benchState';
import { formatSi } from '../../util/si';
import { CatalogNumber } from '../controls/CatalogNumber';
import { NumberSetting } from '../controls/NumberSetting';
import { SelectSetting } from '../controls/SelectSetting';

/** "10k pts", "1M pts". */
export function formatPoints(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M pts` : `${n / 1e3}k pts`;
}

export interface ScopeControlsProps {
  instrument: InstrumentInfo;
  settings: InstrumentSettings | undefined;
  disabled: boolean;
  onError(err: Error): void;
}

function choicesOf(instrument: InstrumentInfo, name: string): string[] {
  return instrument.parameters.find((p) => p.name === name)?.choices ?? [];
}

export function ScopeControls({
  instrument,
  settings,
  disabled,
  onError,
}: ScopeControlsProps): React.JSX.Element {
  const bench = useBench();
  const g = settings?.global ?? {};
  const set = (parameter: string, value: number | string): void =>
    void bench.setParameter(instrument.id, parameter, value).catch(onError);
  const param = (name: string) =>
    instrument.parameters.find((p) => p.name === name && p.channel === undefined);
  const commit = (name: string) => (value: number) => bench.setParameter(instrument.id, name, value);
  const holdoff = param('trigger_holdoff');
  const triggerState = typeof g.trigger_state === 'string' ? g.trigger_state : undefined;
  return (
    <div className="scope-controls">
      <fieldset>
        <legend>Horizontal</legend>
        <CatalogNumber
          parameter={param('timebase')}
          label="Timebase"
          value={g.timebase as number | undefined}
          format={(v) => `${formatSi(v, 's', 3)}/div`}
          fallbackStep={1e-9}
          testId="scope-timebase"
          disabled={disabled}
          onCommit={commit('timebase')}
          onError={onError}
        />
        <CatalogNumber
          parameter={param('record_length')}
          label="Record"
          value={g.record_length as number | undefined}
          format={formatPoints}
          fallbackStep={1}
          testId="scope-record-length"
          disabled={disabled}
          onCommit={commit('record_length')}
          onError={onError}
        />
        {param('trigger_position') && (
          <CatalogNumber
            parameter={param('trigger_position')}
            label="Trigger at"
            unit="of screen"
            value={g.trigger_position as number | undefined}
            fallbackStep={0.01}
            minDigits={2}
            testId="scope-trigger-position"
            disabled={disabled}
            onCommit={commit('trigger_position')}
            onError={onError}
          />
        )}
        <span className="muted readback" data-testid="scope-sample-rate">
          {typeof g.sample_rate === 'number' ? `${formatSi(g.sample_rate, 'Sa/s', 3)}` : ''}
        </span>
      </fieldset>
      <fieldset>
        <legend>Trigger</legend>
        <SelectSetting
          label="Source"
          value={g.trigger_source as string | undefined}
          choices={choicesOf(instrument, 'trigger_source')}
          testId="scope-trigger-source"
          disabled={disabled}
          onChange={(v) => set('trigger_source', v)}
        />
        <CatalogNumber
          parameter={param('trigger_level')}
          label="Level"
          value={g.trigger_level as number | undefined}
          fallbackStep={0.01}
          minDigits={3}
          testId="scope-trigger-level"
          disabled={disabled}
          onCommit={commit('trigger_level')}
          onError={onError}
        />
        <SelectSetting
          label="Slope"
          value={g.trigger_slope as string | undefined}
          choices={choicesOf(instrument, 'trigger_slope')}
          testId="scope-trigger-slope"
          disabled={disabled}
          onChange={(v) => set('trigger_slope', v)}
        />
        {holdoff && (
          // In µs: seconds with nanosecond steps would need nine decimals in a small field.
          <NumberSetting
            label="Holdoff"
            unit="µs"
            value={typeof g.trigger_holdoff === 'number' ? g.trigger_holdoff * 1e6 : undefined}
            min={(holdoff.min ?? 0) * 1e6}
            max={(holdoff.max ?? 10) * 1e6}
            step={0.001}
            digits={3}
            testId="scope-trigger-holdoff"
            disabled={disabled}
            onCommit={(us) => bench.setParameter(instrument.id, 'trigger_holdoff', us * 1e-6)}
          />
        )}
        <SelectSetting
          label="Mode"
          value={g.trigger_mode as string | undefined}
          choices={choicesOf(instrument, 'trigger_mode')}
          testId="scope-trigger-mode"
          disabled={disabled}
          onChange={(v) => set('trigger_mode', v)}
        />
      </fieldset>
      <fieldset className="run-controls">
        <legend>Acquire</legend>
        <button
          type="button"
          className={g.run_state === 'run' ? 'primary' : ''}
          disabled={disabled}
          onClick={() => set('run_state', 'run')}
          data-testid="scope-run"
        >
          Run
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => set('run_state', 'stop')}
          data-testid="scope-stop"
        >
          Stop
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => set('trigger_mode', 'single')}
          data-testid="scope-single"
        >
          Single
        </button>
        <span
          className={`trigger-state trigger-${triggerState ?? 'unknown'}`}
          data-testid="scope-trigger-state"
          role="status"
        >
          {triggerState === 'waiting'
            ? 'Waiting for trigger'
            : triggerState === 'triggered'
              ? "Trig'd"
              : triggerState === 'armed'
                ? 'Armed'
                : triggerState === 'stopped'
                  ? 'Stopped'
                  : '—'}
        </span>
      </fieldset>
    </div>
  );
}
