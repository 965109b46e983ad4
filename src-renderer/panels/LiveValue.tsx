/**
 * A number that changes at stream rate without re-rendering React: it subscribes to a feed and writes
 * its text node directly, at most once per animation frame.
 */
import { useEffect, useRef } from 'react';
import { useLatest } from '../util/useLatest';

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
    const paint = (): void => {
      frame = 0;
      const value = readRef.current();
      if (ref.current) ref.current.textContent = value === undefined ? '—' : value.toFixed(digits);
    };
    paint();
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
