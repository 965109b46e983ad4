/**
 * One catalog parameter as a control: a number (its unit, range and step, or its discrete `values`), a
 * boolean switch, or an enum's choices. Out-of-range input is refused in place before anything is sent.
 */
import type { InstrumentInfo, ParameterInfo } from '../../../shared/protocol/catalog';
import { useBench } from '../../client/BenchContext';
import type { SettingValue } from '../../store/benchState';
import { formatSi } from '../../util/si';
import { CatalogNumber } from '../controls/CatalogNumber';
import { SelectSetting } from '../controls/SelectSetting';
import { Toggle } from '../controls/Toggle';

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
  const words = p.name.replaceAll('_', ' ');
  const label = words.charAt(0).toUpperCase() + words.slice(1);
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
  if (p.type === 'enum') {
    return (
      <SelectSetting
        label={label}
        value={typeof value === 'string' ? value : undefined}
        choices={p.choices ?? []}
        testId={testId}
        disabled={disabled}
        onChange={(v) => void set(v).catch(onError)}
      />
    );
  }
  return (
    <CatalogNumber
      parameter={p}
      label={label}
      value={typeof value === 'number' ? value : undefined}
      format={(v) => (p.unit ? formatSi(v, p.unit, 3) : String(v))}
      testId={testId}
      disabled={disabled}
      onCommit={(v) => set(v)}
      onError={onError}
    />
  );
}
