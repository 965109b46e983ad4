/**
 * A voltage cursor's slider: its screen position in divisions, so arrows and Page Up/Down move it without a
 * mouse. Shared by the scope's cursor readout and the capture review's, which keep voltage cursors alike.
 */
import type { LevelCursorName } from '../../charts/scopeGestures';
import { HALF_DIVISIONS } from './scopeGeometry';

/** Steps of a voltage cursor's slider, divisions (a fiftieth of a division, as a fine knob turn). */
export const LEVEL_STEP_DIV = 0.02;

export function LevelCursorSlider({
  which,
  divisions,
  testId,
  onChange,
}: {
  which: LevelCursorName;
  /** Where the cursor is, divisions above the screen centre; undefined: not placed (no slider). */
  divisions: number | undefined;
  testId: string;
  onChange(divisions: number): void;
}): React.JSX.Element | undefined {
  if (divisions === undefined) return undefined;
  return (
    <input
      type="range"
      min={-HALF_DIVISIONS}
      max={HALF_DIVISIONS}
      step={LEVEL_STEP_DIV}
      value={divisions}
      aria-label={`Cursor ${which} level, divisions`}
      data-testid={testId}
      onChange={(e) => onChange(Number(e.target.value))}
    />
  );
}
