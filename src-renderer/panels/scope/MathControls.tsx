/**
 * One math channel's controls (M1 = A op B): the function, its sources and its own vertical scale and
 * offset, all instrument-wide settings from the catalog (`math1_function` …), set like any other setting
 * so every dashboard, setups and the working setup see the same.
 */
import { type MathFunction, usesSourceB } from '../../../shared/analysis/mathChannels';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { useBench } from '../../client/BenchContext';
import type { InstrumentSettings } from '../../store/benchState';
import { formatSi } from '../../util/si';
import { CatalogNumber } from '../controls/CatalogNumber';
import { SelectSetting } from '../controls/SelectSetting';
import './math.css';

const FUNCTION_LABELS: Record<MathFunction, string> = {
  off: 'Off',
  add: 'A + B',
  subtract: 'A − B',
  multiply: 'A × B',
  divide: 'A / B',
  negate: '−A',
};

export interface MathControlsProps {
  instrument: InstrumentInfo;
  /** 1-based: M1, M2. */
  index: number;
  settings: InstrumentSettings | undefined;
  /** The math channel's unit now ("V", "V²", "" for a ratio). */
  unit: string;
  disabled: boolean;
  onError(err: Error): void;
}

export function MathControls({
  instrument,
  index,
  settings,
  unit,
  disabled,
  onError,
}: MathControlsProps): React.JSX.Element | null {
  const bench = useBench();
  const m = `math${index}`;
  const param = (name: string) => instrument.parameters.find((p) => p.name === `${m}_${name}`);
  const functionParam = param('function');
  if (functionParam === undefined) return null;
  const g = settings?.global ?? {};
  const fn = (g[`${m}_function`] as MathFunction | undefined) ?? 'off';
  const set = (name: string, value: string): void =>
    void bench.setParameter(instrument.id, `${m}_${name}`, value).catch(onError);
  const commit = (name: string) => (value: number) =>
    bench.setParameter(instrument.id, `${m}_${name}`, value);
  const prefix = `math-m${index}`;
  const on = fn !== 'off';
  return (
    <fieldset className={`scope-channel math m${index}`} data-testid={prefix}>
      <legend>
        <span className={`channel-swatch m${index}`} aria-hidden /> M{index}
      </legend>
      <SelectSetting
        label="Function"
        value={fn}
        choices={(functionParam.choices ?? []) as MathFunction[]}
        format={(v) => FUNCTION_LABELS[v] ?? v}
        testId={`${prefix}-function`}
        disabled={disabled}
        onChange={(v) => set('function', v)}
      />
      <SelectSetting
        label="A"
        value={g[`${m}_source_a`] as string | undefined}
        choices={param('source_a')?.choices ?? []}
        testId={`${prefix}-source-a`}
        disabled={disabled || !on}
        onChange={(v) => set('source_a', v)}
      />
      <SelectSetting
        label="B"
        value={g[`${m}_source_b`] as string | undefined}
        choices={param('source_b')?.choices ?? []}
        testId={`${prefix}-source-b`}
        disabled={disabled || !on || !usesSourceB(fn)}
        onChange={(v) => set('source_b', v)}
      />
      <CatalogNumber
        parameter={param('scale')}
        label={`${unit}/div`}
        value={g[`${m}_scale`] as number | undefined}
        format={(v) => formatSi(v, unit, 3)}
        testId={`${prefix}-scale`}
        disabled={disabled || !on}
        onCommit={commit('scale')}
        onError={onError}
      />
      <CatalogNumber
        parameter={param('offset')}
        label="Offset"
        value={g[`${m}_offset`] as number | undefined}
        fallbackStep={0.01}
        minDigits={3}
        testId={`${prefix}-offset`}
        disabled={disabled || !on}
        onCommit={commit('offset')}
        onError={onError}
      />
    </fieldset>
  );
}
