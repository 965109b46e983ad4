/**
 * A number that changes at stream rate without re-rendering React: it subscribes to a feed and writes
 * its text node directly, in an animation frame, at most every READOUT_PERIOD_MS.
 */
import { useEffect, useRef } from 'react';
import { useLatest } from '../util/useLatest';

/**
 * Shortest time between two readout updates, ms: ten a second, about what a bench meter's display shows.
 * Digits that change faster cannot be read, and each change costs the page a layout and a paint.
 */
export const READOUT_PERIOD_MS = 100;

export interface LiveValueProps {
  subscribe(listener: () => void): () => void;
  /** Reads the current value; undefined shows a dash. */
  read(): number | undefined;
  digits: number;
  unit: string;
  testId?: string;
  label: string;
}

export function LiveValue({
  subscribe,
  read,
  digits,
  unit,
  testId,
  label,
}: LiveValueProps): React.JSX.Element {
  const ref = useRef<HTMLSpanElement>(null);
  const readRef = useLatest(read);
  useEffect(() => {
    let frame = 0;
    let paintedAtMs = -Infinity;
    const show = (nowMs: number): void => {
      paintedAtMs = nowMs;
      const value = readRef.current();
      if (ref.current) ref.current.textContent = value === undefined ? '—' : value.toFixed(digits);
    };
    // Paints in an animation frame, waiting frame by frame (no DOM work) until the period is up.
    const paint = (nowMs: number): void => {
      if (nowMs - paintedAtMs < READOUT_PERIOD_MS) {
        frame = requestAnimationFrame(paint);
        return;
      }
      frame = 0;
      show(nowMs);
    };
    show(performance.now());
    const unsubscribe = subscribe(() => {
      if (!frame) frame = requestAnimationFrame(paint);
    });
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [subscribe, digits, readRef]);
  return (
    <div className="live-value" aria-label={label}>
      <span ref={ref} className="live-number" data-testid={testId}>
        —
      </span>
      <span className="live-unit">{unit}</span>
    </div>
  );
}
