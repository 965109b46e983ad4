/**
 * One catalog parameter as a control: a number (its unit, range and step, or its discrete `values`), a
 * boolean switch, or an enum's choices. Out-of-range input is refused in place before anything is sent.
 */
import type { InstrumentInfo, ParameterInfo } from '../../../shared/protocol/catalog';
import { useBench } from '../../client/BenchContext';
import type { SettingValue } from '../../store/benchState';
import { formatSi } from '../../util/si';
import { NumberSetting } from '../controls/NumberSetting';
import { SelectSetting } from '../controls/SelectSetting';
import { Toggle } from '../controls/Toggle';

/** Decimal places that show a step (0.001 → 3); 3 when the catalog gives no step. */
export function digitsForStep(step: number | undefined): number {
  if (step === undefined || !(step > 0)) return 3;
  return Math.min(9, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
}

export interface ParameterControlProps {
  instrument: InstrumentInfo;
  parameter: ParameterInfo;
  value: SettingValue | undefined;
  disabled: boolean;
  onError(err: Error): void;
}

export function ParameterControl({
  instrument,
  parameter: p,
  value,
  disabled,
  onError,
}: ParameterControlProps): React.JSX.Element {
  const bench = useBench();
  const set = (next: SettingValue): Promise<void> =>
    bench.setParameter(instrument.id, p.name, next, p.channel);
  const label = p.name.replaceAll('_', ' ');
  const testId = `${instrument.id}-${p.channel === undefined ? '' : `ch${p.channel}-`}${p.name}`;
  const title = p.description;
  if (p.type === 'boolean') {
    return (
      <span className="generic-toggle" title={title}>
        <span className="setting-label">{label}</span>
        <Toggle
          label={label}
          checked={value === true}
          testId={testId}
          disabled={disabled}
          onChange={(on) => void set(on).catch(onError)}
        />
      </span>
    );
  }
  if (p.type === 'enum' || (p.type === 'number' && p.values !== undefined && p.values.length > 0)) {
    const choices: readonly (string | number)[] = p.type === 'enum' ? (p.choices ?? []) : p.values!;
    return (
      <SelectSetting<string | number>
        label={label}
        value={typeof value === 'number' || typeof value === 'string' ? value : undefined}
        choices={choices}
        format={(v) => (typeof v === 'number' && p.unit ? formatSi(v, p.unit, 3) : String(v))}
        testId={testId}
        disabled={disabled}
        onChange={(v) => void set(v).catch(onError)}
      />
    );
  }
  return (
    <NumberSetting
      label={label}
      unit={p.unit ?? ''}
      value={typeof value === 'number' ? value : undefined}
      min={p.min ?? -Number.MAX_VALUE}
      max={p.max ?? Number.MAX_VALUE}
      step={p.step ?? 0.001}
      digits={digitsForStep(p.step)}
      testId={testId}
      disabled={disabled}
      onCommit={(v) => set(v)}
    />
  );
}
