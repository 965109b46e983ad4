/** A setting with a fixed set of choices (trigger mode, coupling, timebase steps, ...). */
export interface SelectSettingProps<T extends string | number> {
  label: string;
  value: T | undefined;
  choices: readonly T[];
  format?(value: T): string;
  testId: string;
  disabled?: boolean;
  onChange(value: T): void;
}

export function SelectSetting<T extends string | number>({
  label,
  value,
  choices,
  format,
  testId,
  disabled,
  onChange,
}: SelectSettingProps<T>): React.JSX.Element {
  const shown = value !== undefined && !choices.includes(value) ? [value, ...choices] : choices;
  return (
    <label className="select-setting">
      <span className="setting-label">{label}</span>
      <select
        aria-label={label}
        data-testid={testId}
        disabled={disabled || value === undefined}
        value={value === undefined ? '' : String(value)}
        onChange={(e) => {
          const picked = shown.find((c) => String(c) === e.target.value);
          if (picked !== undefined) onChange(picked);
        }}
      >
        {value === undefined && <option value="">—</option>}
        {shown.map((choice) => (
          <option key={String(choice)} value={String(choice)}>
            {format ? format(choice) : String(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}
