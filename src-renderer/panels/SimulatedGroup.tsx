/**
 * Settings only a simulator offers (the simulated input of a scope channel, the simulated load of a supply
 * output), shown as a collapsed group when, and only when, the instrument's catalog lists them. A real
 * instrument lists none, so it shows no group.
 */
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import type { SettingValue } from '../store/benchState';
import { ParameterControl } from './generic/ParameterControl';

/** Parameters of the scope simulator's input signal, in the order shown. */
export const SIMULATED_SIGNAL_PARAMETERS = [
  'signal',
  'frequency',
  'amplitude',
  'dc_level',
  'noise',
  'duty_cycle',
] as const;
/** Parameters of the supply simulator's load. */
export const SIMULATED_LOAD_PARAMETERS = ['load_resistance'] as const;

export interface SimulatedGroupProps {
  title: string;
  instrument: InstrumentInfo;
  names: readonly string[];
  channel: number;
  values: Record<string, SettingValue> | undefined;
  disabled: boolean;
  testId: string;
  onError(err: Error): void;
}

export function SimulatedGroup({
  title,
  instrument,
  names,
  channel,
  values,
  disabled,
  testId,
  onError,
}: SimulatedGroupProps): React.JSX.Element | null {
  const offered = names.flatMap((name) => {
    const parameter = instrument.parameters.find((p) => p.name === name && p.channel === channel);
    return parameter ? [parameter] : [];
  });
  if (offered.length === 0) return null;
  return (
    <details className="signal-settings" data-testid={testId}>
      <summary>{title}</summary>
      {offered.map((parameter) => (
        <ParameterControl
          key={parameter.name}
          instrument={instrument}
          parameter={parameter}
          value={values?.[parameter.name]}
          disabled={disabled}
          onError={onError}
        />
      ))}
    </details>
  );
}
