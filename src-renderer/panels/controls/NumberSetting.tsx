/**
 * A numeric setpoint as on a front panel: type a value and press Enter (or leave the field), or step with
 * the arrow keys (Shift for ×10). Out-of-range input is refused in place, with the range shown, and the
 * instrument's applied value replaces the draft once it answers.
 */
import { useRef, useState } from 'react';

export interface NumberSettingProps {
  label: string;
  unit: string;
  value: number | undefined;
  min: number;
  max: number;
  step: number;
  digits: number;
  testId: string;
  disabled?: boolean;
  onCommit(value: number): Promise<void>;
}

export function NumberSetting({
  label,
  unit,
  value,
  min,
  max,
  step,
  digits,
  testId,
  disabled,
  onCommit,
}: NumberSettingProps): React.JSX.Element {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  // Guards against a second commit of the same edit: disabling the input while busy blurs it, and the
  // blur would otherwise send the command again.
  const inFlight = useRef(false);
  const shown = draft ?? (value === undefined ? '' : value.toFixed(digits));

  const commit = (text: string): void => {
    if (inFlight.current) return;
    const parsed = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(parsed)) {
      setError('enter a number');
      return;
    }
    if (parsed < min || parsed > max) {
      setError(`${min}–${max} ${unit}`);
      return;
    }
    if (value !== undefined && Math.abs(parsed - value) < step / 1000) {
      setDraft(undefined);
      setError(undefined);
      return;
    }
    setBusy(true);
    inFlight.current = true;
    onCommit(parsed)
      .then(
        () => {
          setDraft(undefined);
          setError(undefined);
        },
        (err: Error) => setError(err.message),
      )
      .finally(() => {
        inFlight.current = false;
        setBusy(false);
      });
  };

  const stepBy = (direction: number, coarse: boolean): void => {
    const base = Number(shown);
    const current = Number.isFinite(base) ? base : (value ?? min);
    const next = Math.min(max, Math.max(min, current + direction * step * (coarse ? 10 : 1)));
    const text = next.toFixed(digits);
    setDraft(text);
    commit(text);
  };

  return (
    <label className={`number-setting${error ? ' invalid' : ''}`}>
      <span className="setting-label">{label}</span>
      <span className="setting-input">
        <input
          type="text"
          inputMode="decimal"
          aria-label={`${label} (${unit})`}
          aria-invalid={error !== undefined}
          data-testid={testId}
          value={shown}
          disabled={disabled || busy}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(undefined);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(e.currentTarget.value);
            else if (e.key === 'Escape') {
              setDraft(undefined);
              setError(undefined);
            } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
              e.preventDefault();
              stepBy(e.key === 'ArrowUp' ? 1 : -1, e.shiftKey);
            }
          }}
          onBlur={(e) => {
            if (draft !== undefined) commit(e.currentTarget.value);
          }}
        />
        <span className="setting-unit">{unit}</span>
      </span>
      {error && (
        <span className="setting-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
    </label>
  );
}
