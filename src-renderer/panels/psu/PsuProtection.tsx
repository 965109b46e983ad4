/**
 * One output's protection, always on its card: OVP and OCP levels, their enables where the model has them,
 * and the state in words. A trip shows as a card-wide alert with the instrument's clear; clearing leaves
 * the output off (the backend and every driver keep it so) — turning it on again is the person's choice.
 */
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { NumberSetting } from '../controls/NumberSetting';
import { Toggle } from '../controls/Toggle';
import type { SettingValue } from '../../store/benchState';
import { isTripped, PROTECTION_LABELS, protectionState } from './protectionState';
import { settingRange } from './settingRange';
import './psuProtection.css';

export interface PsuProtectionProps {
  instrument: InstrumentInfo;
  channel: number;
  settings: Readonly<Record<string, SettingValue>> | undefined;
  /** The coupling mode, for the paired output's wider ranges. */
  coupling: unknown;
  disabled: boolean;
  set(parameter: string, value: number | boolean): Promise<void>;
  report(err: Error): void;
}

const PROTECTION_PARAMETERS = ['ovp_level', 'ovp_enabled', 'ocp_level', 'ocp_enabled', 'clear_protection'];

/** The protection parameters the catalog lists for `channel`. */
export function offeredProtection(instrument: InstrumentInfo, channel: number): Set<string> {
  return new Set(
    instrument.parameters
      .filter((p) => p.channel === channel && PROTECTION_PARAMETERS.includes(p.name))
      .map((p) => p.name),
  );
}

export function PsuProtection({
  instrument,
  channel,
  settings,
  coupling,
  disabled,
  set,
  report,
}: PsuProtectionProps): React.JSX.Element {
  const offered = offeredProtection(instrument, channel);
  const state = protectionState(settings, offered);
  const prefix = `psu-ch${channel}`;
  const toggle = (name: string, label: string): React.JSX.Element | undefined =>
    offered.has(name) ? (
      <Toggle
        label={`CH${channel} ${label}`}
        checked={settings?.[name] === true}
        testId={`${prefix}-${name.replace('_', '-')}`}
        disabled={disabled}
        onChange={(on) => void set(name, on).catch(report)}
      />
    ) : undefined;
  return (
    <>
      {isTripped(state) && (
        <div className="trip-banner" role="alert" data-testid={`${prefix}-trip`}>
          <span>
            CH{channel}: {state === 'tripped_ovp' ? 'over-voltage' : 'over-current'} protection tripped; the
            output is off
          </span>
          {offered.has('clear_protection') && (
            <button
              type="button"
              disabled={disabled}
              onClick={() => void set('clear_protection', true).catch(report)}
              data-testid={`${prefix}-clear-trip`}
              title="Clears the trip at the instrument; the output stays off until you turn it on"
            >
              Clear {state === 'tripped_ovp' ? 'OVP' : 'OCP'} trip
            </button>
          )}
        </div>
      )}
      <div className="psu-protection" data-testid={`${prefix}-protection`} data-state={state}>
        <span
          className={`protection-state protection-${state}`}
          data-testid={`${prefix}-protection-state`}
          role="status"
        >
          {PROTECTION_LABELS[state]}
        </span>
        {(offered.has('ovp_level') || offered.has('ovp_enabled')) && (
          <span className="protection-line">
            {offered.has('ovp_level') && (
              <NumberSetting
                label="OVP"
                unit="V"
                value={settings?.ovp_level as number | undefined}
                {...settingRange(instrument, 'ovp_level', channel, 0.01, coupling)}
                testId={`${prefix}-ovp-level`}
                disabled={disabled}
                onCommit={(v) => set('ovp_level', v)}
              />
            )}
            {toggle('ovp_enabled', 'OVP enable')}
          </span>
        )}
        {(offered.has('ocp_level') || offered.has('ocp_enabled')) && (
          <span className="protection-line">
            {offered.has('ocp_level') && (
              <NumberSetting
                label="OCP"
                unit="A"
                value={settings?.ocp_level as number | undefined}
                {...settingRange(instrument, 'ocp_level', channel, 0.001, coupling)}
                testId={`${prefix}-ocp-level`}
                disabled={disabled}
                onCommit={(v) => set('ocp_level', v)}
              />
            )}
            {toggle('ocp_enabled', 'OCP enable')}
          </span>
        )}
      </div>
    </>
  );
}
