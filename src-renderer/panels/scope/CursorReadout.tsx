/**
 * Cursor readout and keyboard control: A/B time cursors (times, Δt, 1/Δt, and the chosen channel's ΔV
 * between its samples at A and B) and Y1/Y2 voltage cursors (read in the chosen channel's own volts, so
 * the same two lines read per that channel's V/div and offset). Each cursor has a slider, so arrows and
 * Page Up/Down move it without a mouse; none of this ever touches the trigger.
 */
import { useCallback } from 'react';
import type { CursorName, LevelCursorName } from '../../charts/scopeGestures';
import type { WaveformFeed } from '../../data/WaveformFeed';
import { formatSi } from '../../util/si';
import { useFeedValue } from '../useFeedValue';
import type { ScopeCursors } from './ScopeChart';
import { LevelCursorSlider } from './LevelCursorSlider';
import { readLevelCursors, readTimeCursors, type ChannelScale } from './scopeGeometry';

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

/** Steps across the screen of a time cursor's slider. */
const TIME_STEPS = 500;

export interface CursorReadoutProps {
  feed: WaveformFeed;
  /** Every channel's vertical setting, CH1 first. */
  scales: ChannelScale[];
  /** Channels that may be chosen for ΔV (the shown ones), by number. */
  channels: number[];
  /** The channel ΔV is read on. */
  channel: number;
  onChannel(channel: number): void;
  cursors: ScopeCursors;
  onCursor(which: CursorName, timeS: number | undefined): void;
  onLevelCursor(which: LevelCursorName, divisions: number | undefined): void;
  onClear(): void;
}

/** The record's time span on screen, "first|last" (a string, so the feed hook re-renders only on change). */
function spanOf(feed: WaveformFeed): string {
  const xs = feed.view()?.xs;
  return xs && xs.length > 1 ? `${xs[0]!}|${xs[xs.length - 1]!}` : '';
}

/**
 * The span as the readout follows it: only while a time cursor is placed (its sliders range over it).
 * Each record starts a little elsewhere (the trigger's sub-sample position), and following the span
 * regardless re-rendered the readout on every record, 60 times a second beside the draw
 * (docs/BENCHMARKS.md, rendererLive). "Add cursors" reads the span at the click instead.
 */
export function spanFollowed(feed: WaveformFeed, cursors: ScopeCursors): string {
  return cursors.A === undefined && cursors.B === undefined ? '' : spanOf(feed);
}

function parseSpan(span: string): [number, number] | [undefined, undefined] {
  if (span === '') return [undefined, undefined];
  const [start, end] = span.split('|').map(Number);
  return [start!, end!];
}

export function CursorReadout(props: CursorReadoutProps): React.JSX.Element {
  const { feed, channel, cursors } = props;
  const subscribe = useCallback((l: () => void) => feed.subscribe(l), [feed]);
  const vA = useFeedValue(subscribe, () => valueAt(feed, channel, cursors.A));
  const vB = useFeedValue(subscribe, () => valueAt(feed, channel, cursors.B));
  const span = useFeedValue(subscribe, () => spanFollowed(feed, cursors));
  const [startS, endS] = parseSpan(span);
  const scale = props.scales[channel - 1] ?? { voltsPerDiv: 1, offsetV: 0 };
  const time = readTimeCursors(cursors.A, cursors.B);
  const level = readLevelCursors(cursors.Y1, cursors.Y2, scale);
  const dv = vA !== undefined && vB !== undefined ? vB - vA : undefined;
  const placed = Object.values(cursors).some((c) => c !== undefined);

  const addCursors = (): void => {
    const [fromS, toS] = parseSpan(spanOf(feed));
    if (fromS !== undefined && toS !== undefined) {
      props.onCursor('A', fromS + 0.25 * (toS - fromS));
      props.onCursor('B', fromS + 0.75 * (toS - fromS));
    }
    props.onLevelCursor('Y1', -1);
    props.onLevelCursor('Y2', 1);
  };

  const channelChoice = (
    <label className="cursor-channel">
      ΔV on{' '}
      <select
        value={channel}
        onChange={(e) => props.onChannel(Number(e.target.value))}
        data-testid="scope-cursor-channel"
      >
        {props.channels.map((n) => (
          <option key={n} value={n}>
            CH{n}
          </option>
        ))}
      </select>
    </label>
  );

  if (!placed) {
    return (
      <div className="cursor-readout">
        <p className="muted cursor-hint">
          Click the display to place time cursor A, shift+click for B; alt+click places voltage cursor Y1,
          alt+shift+click Y2. Drag a cursor to move it. The trigger level moves only by its T handle at the
          right edge.
        </p>
        <button type="button" className="link" onClick={addCursors} data-testid="scope-cursors-add">
          Add cursors
        </button>
      </div>
    );
  }

  const timeSlider = (which: CursorName): React.JSX.Element | undefined => {
    const at = cursors[which];
    if (startS === undefined || endS === undefined || at === undefined) return undefined;
    return (
      <input
        type="range"
        min={startS}
        max={endS}
        step={(endS - startS) / TIME_STEPS}
        value={Math.min(endS, Math.max(startS, at))}
        aria-label={`Cursor ${which} time`}
        data-testid={`scope-cursor-${which.toLowerCase()}-slider`}
        onChange={(e) => props.onCursor(which, Number(e.target.value))}
      />
    );
  };
  const levelSlider = (which: LevelCursorName): React.JSX.Element | undefined => (
    <LevelCursorSlider
      which={which}
      divisions={cursors[which]}
      testId={`scope-cursor-${which.toLowerCase()}-slider`}
      onChange={(divisions) => props.onLevelCursor(which, divisions)}
    />
  );

  return (
    <div className="cursor-readout" data-testid="scope-cursors">
      <div className="cursor-row">
        <span>A {formatSi(cursors.A, 's')}</span>
        {timeSlider('A')}
        <span>B {formatSi(cursors.B, 's')}</span>
        {timeSlider('B')}
        <span data-testid="scope-cursor-dt">Δt {formatSi(time.deltaS, 's')}</span>
        <span data-testid="scope-cursor-inv-dt">1/Δt {formatSi(time.inverseHz, 'Hz')}</span>
        <span data-testid="scope-cursor-dv">
          ΔV A→B (CH{channel}) {formatSi(dv, 'V')}
        </span>
      </div>
      <div className="cursor-row">
        <span data-testid="scope-cursor-y1">Y1 {formatSi(level.y1V, 'V')}</span>
        {levelSlider('Y1')}
        <span data-testid="scope-cursor-y2">Y2 {formatSi(level.y2V, 'V')}</span>
        {levelSlider('Y2')}
        <span data-testid="scope-cursor-dy">
          ΔY (CH{channel}) {formatSi(level.deltaV, 'V')}
        </span>
        {channelChoice}
        <button type="button" className="link" onClick={props.onClear}>
          Clear cursors
        </button>
      </div>
    </div>
  );
}
