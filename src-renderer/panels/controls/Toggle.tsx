/** An on/off switch bound to an instrument setting (e.g. a power-supply output). */
export interface ToggleProps {
  label: string;
  checked: boolean;
  testId: string;
  disabled?: boolean;
  onChange(next: boolean): void;
}

export function Toggle({ label, checked, testId, disabled, onChange }: ToggleProps): React.JSX.Element {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      data-testid={testId}
      disabled={disabled}
      className={`toggle ${checked ? 'on' : 'off'}`}
      onClick={() => onChange(!checked)}
    >
      <span className="toggle-knob" aria-hidden />
      <span>{checked ? 'ON' : 'OFF'}</span>
    </button>
  );
}
