/**
 * Chart colours come from the page's CSS variables, so a canvas chart matches the active theme. uPlot
 * paints with fixed colours, so charts are re-created when the theme changes.
 */
export interface ChartColors {
  axis: string;
  grid: string;
  voltage: string;
  current: string;
  /** Scope cursors: the text colour, which contrasts with the plot's background in either theme. */
  cursor: string;
  channels: [string, string, string, string];
  /** Math channels M1, M2. */
  math: [string, string];
}

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export function chartColors(): ChartColors {
  return {
    axis: cssVar('--muted', '#8b96a5'),
    grid: cssVar('--border', '#2c3542'),
    voltage: cssVar('--voltage', '#f2c94c'),
    current: cssVar('--current', '#56ccf2'),
    cursor: cssVar('--text', '#e6eaf0'),
    channels: [
      cssVar('--ch1', '#f2c94c'),
      cssVar('--ch2', '#56ccf2'),
      cssVar('--ch3', '#e86fd4'),
      cssVar('--ch4', '#3ecf8e'),
    ],
    math: [cssVar('--m1', '#ff8a5c'), cssVar('--m2', '#b39ddb')],
  };
}
