/**
 * A number setting shaped by its catalog entry: the instrument's discrete `values` as a list (V/div,
 * timebase, record length), or, from a catalog without them, typed input within `min`..`max` in `step`s.
 */
import type { ParameterInfo } from '../../../shared/protocol/catalog';
import { NumberSetting } from './NumberSetting';
import { digitsForStep } from './stepDigits';
import { SelectSetting } from './SelectSetting';

export interface CatalogNumberProps {
  parameter: Pick<ParameterInfo, 'min' | 'max' | 'step' | 'values' | 'unit'> | undefined;
  label: string;
  value: number | undefined;
  /** How a discrete value reads in the list (e.g. "2 ms/div"). */
  format?(value: number): string;
  /** Unit shown beside typed input; the catalog's by default. */
  unit?: string;
  /** Typed input: step and decimals when the catalog gives no step. */
  fallbackStep?: number;
  /** Typed input: at least this many decimals shown. */
  minDigits?: number;
  testId: string;
  disabled?: boolean;
  onCommit(value: number): Promise<void>;
  onError(err: Error): void;
}

export function CatalogNumber({
  parameter,
  label,
  value,
  format,
  unit,
  fallbackStep = 0.001,
  minDigits = 0,
  testId,
  disabled,
  onCommit,
  onError,
}: CatalogNumberProps): React.JSX.Element {
  const values = parameter?.values;
  if (values !== undefined && values.length > 0) {
    return (
      <SelectSetting
        label={label}
        value={value}
        choices={values}
        format={format}
        testId={testId}
        disabled={disabled}
        onChange={(v) => void onCommit(v).catch(onError)}
      />
    );
  }
  const step = parameter?.step ?? fallbackStep;
  return (
    <NumberSetting
      label={label}
      unit={unit ?? parameter?.unit ?? ''}
      value={value}
      min={parameter?.min ?? -Number.MAX_VALUE}
      max={parameter?.max ?? Number.MAX_VALUE}
      step={step}
      digits={Math.max(minDigits, digitsForStep(step))}
      testId={testId}
      disabled={disabled}
      onCommit={onCommit}
    />
  );
}
