/**
 * What a saved scope picture needs to be read on its own: each shown channel with its colour, V/div,
 * full-screen span and offset; the time base with the sample rate; the trigger; the cursors if placed.
 */
import type { SnapshotLegend } from '../../charts/snapshotLegend';
import { formatSi } from '../../util/si';
import { HALF_DIVISIONS, screenRangeV } from './scopeGeometry';

/** Horizontal divisions across the screen. */
const TIME_DIVISIONS = 10;

export interface ScopeSnapshotInput {
  /** Settings as the store holds them (`get_parameters`): instrument-wide, and per channel by number. */
  global: Record<string, unknown>;
  channels: Record<number, Record<string, unknown> | undefined>;
  channelCount: number;
  /** Trace colours, CH1 first. */
  colors: readonly string[];
  cursorA: number | undefined;
  cursorB: number | undefined;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

export function scopeSnapshotLegend(input: ScopeSnapshotInput): SnapshotLegend {
  const { global: g } = input;
  const items = [];
  for (let ch = 1; ch <= input.channelCount; ch++) {
    const settings = input.channels[ch];
    // Not read from the instrument yet, or switched off: nothing on screen to describe.
    if (!settings || settings.enabled === false) continue;
    const vdiv = num(settings.volts_per_div);
    const offset = num(settings.offset);
    const parts = [`CH${ch}`];
    if (vdiv !== undefined) {
      // With an offset the screen is not centred on 0 V: give its two ends, in this channel's volts.
      const [lowV, highV] = screenRangeV({ voltsPerDiv: vdiv, offsetV: offset ?? 0 });
      const span = offset
        ? `${formatSi(lowV, 'V', 3)} … ${formatSi(highV, 'V', 3)}`
        : `±${formatSi(HALF_DIVISIONS * vdiv, 'V', 3)}`;
      parts.push(`${formatSi(vdiv, 'V/div', 3)} (${span} on screen)`);
    }
    if (offset !== undefined) parts.push(`offset ${formatSi(offset, 'V', 3)}`);
    if (typeof settings.coupling === 'string') parts.push(settings.coupling);
    items.push({ color: input.colors[ch - 1] ?? '#888888', text: parts.join('  ') });
  }
  const notes: string[] = [];
  const timebase = num(g.timebase);
  if (timebase !== undefined) {
    const horizontal = [
      `${formatSi(timebase, 's/div', 3)} (${formatSi(TIME_DIVISIONS * timebase, 's', 3)} across)`,
    ];
    const rate = num(g.sample_rate);
    if (rate !== undefined) horizontal.push(formatSi(rate, 'Sa/s', 3));
    const points = num(g.record_length);
    if (points !== undefined) horizontal.push(`${points.toLocaleString('en-US')} points`);
    notes.push(horizontal.join(' · '));
  }
  if (typeof g.trigger_source === 'string') {
    const level = num(g.trigger_level);
    const slope = typeof g.trigger_slope === 'string' ? ` ${g.trigger_slope}` : '';
    const mode = typeof g.trigger_mode === 'string' ? ` · ${g.trigger_mode}` : '';
    notes.push(`Trigger ${g.trigger_source}${slope} at ${formatSi(level, 'V', 4)}${mode}`);
  }
  const { cursorA: a, cursorB: b } = input;
  if (a !== undefined || b !== undefined) {
    const parts = [`Cursor A ${formatSi(a, 's')}`, `B ${formatSi(b, 's')}`];
    if (a !== undefined && b !== undefined) parts.push(`Δt ${formatSi(b - a, 's')}`);
    notes.push(parts.join(' · '));
  }
  return { items, notes };
}
