/**
 * The legend a chart's PNG carries below the plot: a colour swatch and text per trace, then lines of
 * notes (the scope's time base, trigger, cursors). The on-screen legend and controls are HTML, not part
 * of the canvas, so without this a saved picture has traces nobody can name or scale.
 */

export interface SnapshotLegendItem {
  /** The trace's colour, for its swatch. */
  color: string;
  text: string;
}

export interface SnapshotLegend {
  items: SnapshotLegendItem[];
  /** Lines of text under the items. */
  notes: string[];
}

/** One thing to paint: a swatch and its text, or a line of text. Positions in canvas pixels. */
export interface PlacedText {
  text: string;
  /** Baseline of the text. */
  x: number;
  y: number;
  /** Swatch left of the text, when the item has a colour. */
  swatch?: { color: string; x: number; y: number; sizePx: number };
}

export interface LegendLayout {
  heightPx: number;
  placed: PlacedText[];
}

/** Sizes in CSS pixels, multiplied by the canvas's device-pixel ratio. */
const PADDING_PX = 8;
const LINE_PX = 18;
const SWATCH_PX = 10;
const SWATCH_GAP_PX = 5;
const ITEM_GAP_PX = 18;
/** Baseline below the top of a line. */
const BASELINE_PX = 13;

/**
 * Lays the legend out in a band `widthPx` wide: items left to right, wrapping to a new line where the next
 * would not fit, then one line per note. `measure` gives a text's width in canvas pixels.
 */
export function layoutLegend(
  legend: SnapshotLegend,
  widthPx: number,
  ratio: number,
  measure: (text: string) => number,
): LegendLayout {
  const pad = PADDING_PX * ratio;
  const line = LINE_PX * ratio;
  const swatch = SWATCH_PX * ratio;
  const placed: PlacedText[] = [];
  let x = pad;
  let top = pad / 2;
  let lineUsed = false;
  for (const item of legend.items) {
    const itemWidth = swatch + SWATCH_GAP_PX * ratio + measure(item.text);
    if (lineUsed && x + itemWidth > widthPx - pad) {
      x = pad;
      top += line;
    }
    placed.push({
      text: item.text,
      x: x + swatch + SWATCH_GAP_PX * ratio,
      y: top + BASELINE_PX * ratio,
      swatch: { color: item.color, x, y: top + (BASELINE_PX - SWATCH_PX) * ratio, sizePx: swatch },
    });
    x += itemWidth + ITEM_GAP_PX * ratio;
    lineUsed = true;
  }
  if (lineUsed) top += line;
  for (const note of legend.notes) {
    placed.push({ text: note, x: pad, y: top + BASELINE_PX * ratio });
    top += line;
  }
  return { heightPx: placed.length === 0 ? 0 : Math.ceil(top + pad / 2), placed };
}
