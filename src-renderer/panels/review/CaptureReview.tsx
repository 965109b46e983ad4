/**
 * Review of one capture, finished or running, from disk: the whole capture at once as a min/max overview,
 * then zoom (wheel, drag-select, buttons, + and − keys) and pan (shift+wheel, buttons, arrow keys) down to
 * single samples. Each view is fetched at the plot's pixel width (ReviewFetcher: debounced, latest wins).
 * The trigger point, segment boundaries, alarms and events are marked with their text on hover. Cursors
 * as on the scope (the same click rules, ScopeGestures): click sets time cursor A, shift+click B, with each
 * channel's value at both; alt+click sets voltage cursor Y1, alt+shift+click Y2, read per channel in its own
 * scale (each channel is drawn against its own scale per division, reviewScales.ts). "Export visible" opens
 * the export dialog on the span and channels on screen. A running capture's overview follows it as it grows.
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { AcquisitionSummary } from '../../../shared/protocol/acquisition';
import type { AcquisitionReviewMessage } from '../../../shared/protocol/review';
import { useBench } from '../../client/BenchContext';
import { interactionPlugin } from '../../charts/interaction';
import { type LevelCursorName, ScopeGestures } from '../../charts/scopeGestures';
import { chartColors } from '../../charts/theme';
import { formatSi } from '../../util/si';
import { type ChannelScale, HALF_DIVISIONS } from '../scope/scopeGeometry';
import { ReviewCursorTable, type ReviewLevelCursors } from './ReviewCursorTable';
import { ReviewFetcher } from './ReviewFetcher';
import { ReviewNavigator } from './ReviewNavigator';
import { columnsInDivisions, divisionsAtPx, fitScales, pxOfDivisions } from './reviewScales';
import { markerList, overlayLeftPx, type PlotGeometry } from './reviewOverlays';
import { readAt, reviewColumns } from './reviewSpan';

const HEIGHT_PX = 260;
/** Before a capture's scales are known: one unit per division, centred on 0. */
const UNIT_SCALE: ChannelScale = { voltsPerDiv: 1, offsetV: 0 };
const DIVISION_SCALE = 'div';
/** Grid lines: every division of the screen. */
const DIVISIONS = Array.from({ length: 2 * HALF_DIVISIONS + 1 }, (_, i) => i - HALF_DIVISIONS);
/** How often the overview of a running capture is refreshed, ms. */
const GROW_INTERVAL_MS = 1_000;

export interface ReviewExport {
  channels: string[];
  fromSample: number;
  toSample: number;
}

export function CaptureReview({
  acquisition,
  onClose,
  onExport,
}: {
  acquisition: AcquisitionSummary;
  onClose(): void;
  /** Absent where the bench's transport offers no exports (a fleet bench): no button then. */
  onExport?(range: ReviewExport): void;
}): React.JSX.Element {
  const bench = useBench();
  const id = acquisition.acquisition_id;
  const plotRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | undefined>(undefined);
  const [reply, setReply] = useState<AcquisitionReviewMessage | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [cursors, setCursors] = useState<{ a?: number; b?: number }>({});
  const [levels, setLevels] = useState<ReviewLevelCursors>({});
  // The gestures read where the cursors are now, outside React's render.
  const cursorsRef = useRef({ cursors, levels });
  useEffect(() => {
    cursorsRef.current = { cursors, levels };
  }, [cursors, levels]);
  /** Each channel's scale, fitted to the whole capture; the chart's ranges read it. */
  const scalesRef = useRef<ChannelScale[]>([]);
  const [scales, setScales] = useState<ChannelScale[]>([]);
  /** Where the plot area sits and which seconds it spans, as of the last draw (for the overlays). */
  const [geometry, setGeometry] = useState<PlotGeometry | undefined>(undefined);
  const running = acquisition.state === 'running' || acquisition.state === 'paused';

  /** The view's span and its navigation; replaced with the chart, once per capture. */
  const navigatorRef = useRef<ReviewNavigator | undefined>(undefined);

  // The chart, created once per capture; data arrives from replies.
  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const fetcher = new ReviewFetcher({
      acquisitionId: id,
      request: (command) => bench.connection.request<AcquisitionReviewMessage>(command, 15_000),
      onReply: (r) => {
        setError(undefined);
        setReply(r);
      },
      onError: setError,
    });
    const nav = new ReviewNavigator({
      fetch: (span, pixels, immediate) => fetcher.fetch(span, pixels, immediate),
      pending: () => fetcher.pending(),
      pixels: () => Math.max(1, Math.round(chartRef.current?.bbox.width ?? 1000) / devicePixelRatio),
      initialTotal: acquisition.flushed,
    });
    navigatorRef.current = nav;
    const colors = chartColors();
    const palette = [...colors.channels, colors.voltage, colors.current];
    const series: uPlot.Series[] = [
      { label: 'Time (s)', value: (_u, t) => (t == null ? '—' : formatSi(t, 's', 6)) },
    ];
    // As on the scope: one screen of ±HALF_DIVISIONS, each channel drawn in divisions of its own scale.
    const scaleKeys: uPlot.Scales = {
      x: { time: false },
      [DIVISION_SCALE]: { auto: false, range: [-HALF_DIVISIONS, HALF_DIVISIONS] },
    };
    acquisition.channels.forEach((c, i) => {
      const stroke = palette[i % palette.length];
      const scale = DIVISION_SCALE;
      series.push({ label: `${c.name} min`, scale, stroke, width: 1, points: { show: false } });
      series.push({ label: `${c.name} max`, scale, stroke, width: 1, points: { show: false } });
    });
    const chart = new uPlot(
      {
        width: el.clientWidth || 800,
        height: HEIGHT_PX,
        scales: scaleKeys,
        series,
        bands: acquisition.channels.map((_, i) => ({ series: [2 + 2 * i, 1 + 2 * i] as [number, number] })),
        axes: [
          { stroke: colors.axis, grid: { stroke: colors.grid }, label: 's' },
          {
            // The grid in divisions; each channel's scale per division is listed under the plot.
            scale: DIVISION_SCALE,
            stroke: colors.axis,
            grid: { stroke: colors.grid },
            size: 36,
            label: 'div',
            splits: () => DIVISIONS,
            values: (_u, ticks) => ticks.map((t) => (t > 0 ? `+${t}` : String(t))),
          },
        ],
        legend: { show: false },
        plugins: [interactionPlugin({ onUserZoom: () => undefined, onReset: () => nav.all() })],
        hooks: {
          setScale: [
            (u, key) => {
              const min = u.scales.x?.min;
              const max = u.scales.x?.max;
              if (key === 'x' && min != null && max != null) nav.scaleChanged(min, max);
            },
          ],
          draw: [
            (u) =>
              setGeometry({
                leftPx: u.over.offsetLeft,
                widthPx: u.over.clientWidth,
                topPx: u.over.offsetTop,
                heightPx: u.over.clientHeight,
                minS: u.scales.x?.min ?? 0,
                maxS: u.scales.x?.max ?? 0,
              }),
          ],
        },
      },
      [[]],
      el,
    );
    const gestures = new ScopeGestures({
      timeAt: (xPx) => chart.posToVal(xPx, 'x'),
      divisionsAt: (yPx) => divisionsAtPx(yPx, chart.over.clientHeight),
      cursor: (which) => cursorsRef.current.cursors[which === 'A' ? 'a' : 'b'],
      levelCursor: (which) => cursorsRef.current.levels[which],
      onCursor: (which, t) => setCursors((c) => ({ ...c, [which === 'A' ? 'a' : 'b']: t })),
      onLevelCursor: (which, divisions) => setLevels((l) => ({ ...l, [which]: divisions })),
      // A capture's trigger is marked, not moved: the review has no trigger handle.
      levelAt: () => 0,
      onTriggerLevel: () => undefined,
    });
    chart.over.addEventListener('click', (event) => {
      const rect = chart.over.getBoundingClientRect();
      const [x, y] = [event.clientX - rect.left, event.clientY - rect.top];
      gestures.click(x, y, event.shiftKey, event.altKey, event.detail);
    });
    chart.over.addEventListener('dblclick', () => gestures.doubleClick());
    chartRef.current = chart;
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: el.clientWidth || 800, height: HEIGHT_PX }),
    );
    resize.observe(el);
    nav.all();
    return () => {
      resize.disconnect();
      fetcher.dispose();
      navigatorRef.current = undefined;
      chart.destroy();
      chartRef.current = undefined;
    };
    // The chart is built once per capture; its series follow the capture's channels, which never change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  useEffect(() => {
    const chart = chartRef.current;
    const nav = navigatorRef.current;
    if (!chart || !nav || !reply) return;
    // The whole capture (the overview, or All): each channel's scale is fitted to it, then kept while zooming.
    if (nav.span() === undefined || scalesRef.current.length === 0) {
      scalesRef.current = fitScales(reply);
      setScales(scalesRef.current);
    }
    const range = nav.drawn(reply);
    chart.setData(columnsInDivisions(reviewColumns(reply), scalesRef.current) as uPlot.AlignedData);
    chart.setScale('x', { min: range.minS, max: range.maxS });
  }, [reply]);

  // A running capture: the overview follows it as it grows (a zoomed view stays where it is).
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => navigatorRef.current?.grow(), GROW_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [running]);

  const zoom = (factor: number): void => navigatorRef.current?.zoom(factor);
  const pan = (fraction: number): void => navigatorRef.current?.pan(fraction);
  const all = (): void => navigatorRef.current?.all();
  const onKey = (event: React.KeyboardEvent): void => {
    const actions: Record<string, () => void> = {
      '+': () => zoom(0.5),
      '=': () => zoom(0.5),
      '-': () => zoom(2),
      ArrowLeft: () => pan(-0.25),
      ArrowRight: () => pan(0.25),
      Home: all,
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const markers = reply ? markerList(reply.markers) : [];
  const left = (sample: number): number | undefined =>
    reply && geometry ? overlayLeftPx(geometry, sample / reply.sample_rate_hz) : undefined;
  const readings = (['a', 'b'] as const)
    .map((name) => ({ name, t: cursors[name] }))
    .filter((c): c is { name: 'a' | 'b'; t: number } => c.t !== undefined && reply !== undefined)
    .map((c) => ({ name: c.name, reading: readAt(reply!, c.t) }));
  const exportVisible = (): void => {
    const span = reply
      ? { from: reply.from_sample, to: reply.to_sample }
      : (navigatorRef.current?.span() ?? { from: 0, to: acquisition.flushed });
    onExport?.({
      channels: acquisition.channels.map((c) => c.name),
      fromSample: span.from,
      toSample: span.to,
    });
  };

  return (
    <div
      className="review"
      data-testid="review"
      data-kind={reply?.kind}
      data-from={reply?.from_sample}
      data-to={reply?.to_sample}
      data-level={reply?.level}
      tabIndex={0}
      onKeyDown={onKey}
      aria-label={`Review of ${acquisition.name || id}: + and − zoom, arrows pan, Home shows all`}
    >
      <div className="review-toolbar">
        <strong>Review {acquisition.name || id}</strong>
        <button type="button" onClick={() => zoom(0.5)} data-testid="review-zoom-in" aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoom(2)} data-testid="review-zoom-out" aria-label="Zoom out">
          −
        </button>
        <button
          type="button"
          onClick={() => pan(-0.25)}
          aria-label="Pan earlier"
          data-testid="review-pan-left"
        >
          ◀
        </button>
        <button type="button" onClick={() => pan(0.25)} aria-label="Pan later" data-testid="review-pan-right">
          ▶
        </button>
        <button type="button" onClick={all} data-testid="review-all">
          All
        </button>
        {onExport && (
          <button type="button" onClick={exportVisible} data-testid="review-export" disabled={!reply}>
            Export visible…
          </button>
        )}
        <button type="button" className="link" onClick={onClose} data-testid="review-close">
          Close
        </button>
        {reply && (
          <span className="muted small" data-testid="review-span">
            {formatSi(reply.from_sample / reply.sample_rate_hz, 's', 6)} –{' '}
            {formatSi(reply.to_sample / reply.sample_rate_hz, 's', 6)} ·{' '}
            {(reply.to_sample - reply.from_sample).toLocaleString()} samples ·{' '}
            {reply.kind === 'samples' ? 'every sample' : `min/max of ${reply.pixels} columns`}
            {reply.running && ' · capturing'}
          </span>
        )}
      </div>
      {error && (
        <p className="setting-error" role="alert" data-testid="review-error">
          {error}
        </p>
      )}
      <div className="review-plot" ref={plotRef} data-testid="review-plot">
        {markers.map((m) => {
          const x = left(m.sample);
          return x === undefined ? undefined : (
            <span
              key={m.key}
              className={`review-marker review-marker-${m.kind}`}
              style={{ left: x }}
              title={m.text}
              data-testid={`review-marker-${m.kind}`}
            />
          );
        })}
        {(['a', 'b'] as const).map((name) => {
          const t = cursors[name];
          const x = t === undefined || !reply ? undefined : left(t * reply.sample_rate_hz);
          return x === undefined ? undefined : (
            <span
              key={name}
              className="review-cursor"
              style={{ left: x }}
              data-testid={`review-cursor-${name}`}
            />
          );
        })}
        {geometry &&
          (['Y1', 'Y2'] as const).map((which) => {
            const divisions = levels[which];
            return divisions === undefined ? undefined : (
              <span
                key={which}
                className="review-level-cursor"
                style={{
                  top: geometry.topPx + pxOfDivisions(divisions, geometry.heightPx),
                  left: geometry.leftPx,
                  width: geometry.widthPx,
                }}
                data-testid={`review-cursor-${which.toLowerCase()}`}
              />
            );
          })}
      </div>
      {reply && (
        <ReviewCursorTable
          readings={readings}
          channels={reply.channels.map((c, i) => ({
            name: c.name,
            unit: c.unit,
            scale: scales[i] ?? UNIT_SCALE,
          }))}
          levels={levels}
          onLevel={(which: LevelCursorName, divisions) => setLevels((l) => ({ ...l, [which]: divisions }))}
        />
      )}
    </div>
  );
}
