/**
 * A small live picture of a scope's traces (drawTraceThumbnail) that fills its box's width: redrawn in
 * the page's shared animation-frame loop (chartFrames) only when its source has something new, at one
 * (min, max) column per canvas pixel at most, and not at all while scrolled out of view. Fires the same
 * draw event as UPlotChart, so a page (or a benchmark) can tell how old the newest drawn data was.
 * Data that stops arriving (a stopped or faulted scope on a bench still online) dims it and says so
 * (thumbnailStaleness), and a device pixel ratio changed without a resize refits it (devicePixelRatioWatch).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useLatest } from '../util/useLatest';
import { chartFrames } from './chartFrames';
import { watchDevicePixelRatio } from './devicePixelRatioWatch';
import { showStaleness, staleCaption, ThumbnailStaleness } from './thumbnailStaleness';
import { drawTraceThumbnail } from './traceThumbnailDraw';
import { CHART_DRAW_EVENT, type ChartDrawDetail } from './UPlotChart';

export interface ThumbnailSource {
  /** Changes whenever new data is available. */
  version(): number;
  /** Whether any data has come (a thumbnail with none draws nothing, and is never called stale). */
  hasData(): boolean;
  /** Each channel's (min, max) columns, at most `maxColumns` of them; undefined for a channel with none. */
  minMaxColumns(maxColumns: number): readonly (ArrayLike<number> | undefined)[];
  /** Instrument time of the newest data, ms since epoch. */
  latestTimestampMs(): number | undefined;
}

/** Channel colours when the page's theme gives none (--ch1 … --ch4). */
export const THUMBNAIL_COLOURS = ['#f2c94c', '#56ccf2', '#e86fd4', '#3ecf8e'];

/** The theme's channel colours as the canvas sees them (read when it is sized, not per draw). */
function themeColours(element: Element, fallback: readonly string[]): string[] {
  const style = getComputedStyle(element);
  return fallback.map((colour, i) => style.getPropertyValue(`--ch${i + 1}`).trim() || colour);
}

export function TraceThumbnail({
  source,
  heightPx,
  testId,
  ariaLabel,
  colours,
}: {
  source: ThumbnailSource;
  heightPx: number;
  testId?: string;
  ariaLabel: string;
  /** Per channel; by default the theme's channel colours. */
  colours?: readonly string[];
}): React.JSX.Element {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const captionRef = useRef<HTMLSpanElement>(null);
  const sourceRef = useLatest(source);
  const coloursRef = useLatest(colours);
  const labelRef = useLatest(ariaLabel);
  // Kept across the drawing effect's re-runs (a new height or test id says nothing about the data).
  const [staleness] = useState(() => new ThumbnailStaleness());

  // The label is set here, not by React: a stale thumbnail's carries a suffix React does not know of.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (canvas) showStaleness(canvas, ariaLabel, staleness.isStale(), captionRef.current);
  }, [ariaLabel, staleness]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    let drawnVersion = -1;
    let visible = true;
    let themed = themeColours(canvas, THUMBNAIL_COLOURS);
    const fit = (): void => {
      const ratio = window.devicePixelRatio || 1;
      const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
      const height = Math.max(1, Math.round(heightPx * ratio));
      if (canvas.width === width && canvas.height === height) return;
      canvas.width = width; // clears the canvas
      canvas.height = height;
      drawnVersion = -1;
    };
    fit();
    const draw = (): void => {
      const version = sourceRef.current.version();
      if (version === drawnVersion) return;
      drawnVersion = version;
      const ratio = window.devicePixelRatio || 1;
      drawTraceThumbnail(
        ctx,
        canvas.width,
        canvas.height,
        sourceRef.current.minMaxColumns(canvas.width),
        coloursRef.current ?? themed,
        ratio,
      );
      const detail: ChartDrawDetail = {
        testId,
        dataTimestampMs: sourceRef.current.latestTimestampMs(),
        drawnAtMs: Date.now(),
      };
      canvas.dispatchEvent(new CustomEvent(CHART_DRAW_EVENT, { detail, bubbles: true }));
    };
    // Per frame, one version comparison and a subtraction; the DOM is touched only when the state flips.
    const stop = chartFrames.add((frameMs) => {
      const source = sourceRef.current;
      if (staleness.observe(frameMs, source.version(), source.hasData(), visible)) {
        showStaleness(canvas, labelRef.current, staleness.isStale(), captionRef.current);
      }
      if (visible) draw();
    });
    const onVisibility = (): void => {
      if (document.visibilityState !== 'visible') staleness.unwatch();
    };
    document.addEventListener('visibilitychange', onVisibility);
    // A resize clears the canvas after this frame's drawing: draw again at once, not a blank frame.
    const refit = (): void => {
      fit();
      if (visible) draw();
    };
    const resize = new ResizeObserver(refit);
    resize.observe(canvas);
    // Drawn again even when the backing size rounds to the same: the line width follows the ratio.
    const stopRatio = watchDevicePixelRatio(window, () => {
      drawnVersion = -1;
      refit();
    });
    // The theme (light/dark) is the root's data-theme: its channel colours are read again when it changes.
    const theme = new MutationObserver(() => {
      themed = themeColours(canvas, THUMBNAIL_COLOURS);
      drawnVersion = -1;
    });
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const intersection = new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
    });
    intersection.observe(canvas);
    return () => {
      stop();
      stopRatio();
      document.removeEventListener('visibilitychange', onVisibility);
      theme.disconnect();
      resize.disconnect();
      intersection.disconnect();
    };
  }, [heightPx, testId, sourceRef, coloursRef, labelRef, staleness]);

  // The caption sits over the canvas's corner, so showing it moves nothing else on the card.
  return (
    <span className="trace-thumbnail-box">
      <canvas
        ref={canvasRef}
        className="trace-thumbnail"
        style={{ height: `${heightPx}px` }}
        data-testid={testId}
        role="img"
      />
      <span
        ref={captionRef}
        className="trace-thumbnail-caption"
        data-testid={testId === undefined ? undefined : `${testId}-stale`}
        aria-hidden="true"
        hidden
      >
        {staleCaption()}
      </span>
    </span>
  );
}
