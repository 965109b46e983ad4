/** A/B cursor readout: times, Δt, 1/Δt, and ΔV of one channel between the cursors. */
import { useCallback } from 'react';
import type { WaveformFeed } from '../../data/WaveformFeed';
import { formatSi } from '../../util/si';
import { useFeedValue } from '../useFeedValue';

/** The channel's value at time t in the latest record (nearest point), or undefined. */
export function valueAt(feed: WaveformFeed, channel: number, timeS: number | undefined): number | undefined {
  const view = feed.view();
  const ys = view?.ys[channel - 1];
  if (!view || !ys || timeS === undefined || view.xs.length === 0) return undefined;
  const xs = view.xs;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < timeS) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(xs[lo - 1]! - timeS) < Math.abs(xs[lo]! - timeS)) lo--;
  return ys[lo];
}

export interface CursorReadoutProps {
  feed: WaveformFeed;
  channel: number;
  cursorA: number | undefined;
  cursorB: number | undefined;
  onClear(): void;
}

export function CursorReadout({
  feed,
  channel,
  cursorA,
  cursorB,
  onClear,
}: CursorReadoutProps): React.JSX.Element {
  const subscribe = useCallback((l: () => void) => feed.subscribe(l), [feed]);
  const vA = useFeedValue(subscribe, () => valueAt(feed, channel, cursorA));
  const vB = useFeedValue(subscribe, () => valueAt(feed, channel, cursorB));
  const dt = cursorA !== undefined && cursorB !== undefined ? cursorB - cursorA : undefined;
  const dv = vA !== undefined && vB !== undefined ? vB - vA : undefined;
  if (cursorA === undefined && cursorB === undefined) {
    return (
      <p className="muted cursor-hint">
        Click the display to place cursor A, shift+click for B. Drag the dashed T line to set the trigger
        level.
      </p>
    );
  }
  return (
    <div className="cursor-readout" data-testid="scope-cursors">
      <span>A {formatSi(cursorA, 's')}</span>
      <span>B {formatSi(cursorB, 's')}</span>
      <span data-testid="scope-cursor-dt">Δt {formatSi(dt, 's')}</span>
      <span data-testid="scope-cursor-inv-dt">1/Δt {dt ? formatSi(1 / Math.abs(dt), 'Hz') : '—'}</span>
      <span data-testid="scope-cursor-dv">
        ΔV (CH{channel}) {formatSi(dv, 'V')}
      </span>
      <button type="button" className="link" onClick={onClear}>
        Clear cursors
      </button>
    </div>
  );
}
