/**
 * Mouse interaction for charts, as a uPlot plugin: the wheel zooms the x axis around the cursor,
 * shift+wheel pans it, and a double click returns to the live view. Drag-to-zoom is uPlot's own.
 *
 * A chart with no data has nothing to zoom into: a drag or wheel there keeps it live. Before, a drag on
 * an empty trend left it fixed on a range of no time in particular, so after Start it stayed blank.
 */
import type uPlot from 'uplot';

/** Fraction the x range shrinks (or grows) per wheel notch. */
const ZOOM_STEP = 0.2;

function hasData(u: Pick<uPlot, 'data'>): boolean {
  return (u.data[0]?.length ?? 0) > 0;
}

export function interactionPlugin(handlers: { onUserZoom(): void; onReset(): void }): uPlot.Plugin {
  return {
    hooks: {
      init: (u) => {
        const over = u.over;
        over.addEventListener(
          'wheel',
          (event: WheelEvent) => {
            event.preventDefault();
            if (!hasData(u)) return;
            const min = u.scales.x?.min;
            const max = u.scales.x?.max;
            if (min == null || max == null) return;
            const range = max - min;
            const rect = over.getBoundingClientRect();
            const anchor = u.posToVal(event.clientX - rect.left, 'x');
            if (event.shiftKey) {
              const shift = Math.sign(event.deltaY || event.deltaX) * range * ZOOM_STEP;
              u.setScale('x', { min: min + shift, max: max + shift });
            } else {
              const factor = event.deltaY < 0 ? 1 - ZOOM_STEP : 1 / (1 - ZOOM_STEP);
              u.setScale('x', {
                min: anchor - (anchor - min) * factor,
                max: anchor + (max - anchor) * factor,
              });
            }
            handlers.onUserZoom();
          },
          { passive: false },
        );
        over.addEventListener('dblclick', () => handlers.onReset());
      },
      setSelect: (u) => {
        if (u.select.width <= 0) return;
        // A drag selection zooms (uPlot applies it); from now on the view stays where the user put it.
        // On an empty chart the range uPlot applies is replaced by the live one at the first data.
        if (hasData(u)) handlers.onUserZoom();
        else handlers.onReset();
      },
    },
  };
}
