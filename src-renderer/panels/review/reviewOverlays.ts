/**
 * What the review draws over its plot, apart from React: where the plot area sits (for lines placed in CSS
 * px) and the markers of a reply — trigger, segment starts, alarms, events — with their hover text.
 */
import type { ReviewMarkers } from '../../../shared/protocol/review';

/** Where the plot area sits in its container, CSS px, and which seconds it spans, as of the last draw. */
export interface PlotGeometry {
  leftPx: number;
  widthPx: number;
  topPx: number;
  heightPx: number;
  minS: number;
  maxS: number;
}

/** CSS px from the plot container's left edge of time `timeS`, or undefined when it is off the plot. */
export function overlayLeftPx(g: PlotGeometry, timeS: number): number | undefined {
  if (!(g.maxS > g.minS) || timeS < g.minS || timeS > g.maxS) return undefined;
  return g.leftPx + ((timeS - g.minS) / (g.maxS - g.minS)) * g.widthPx;
}

export interface Marker {
  key: string;
  sample: number;
  kind: 'trigger' | 'segment' | 'alarm' | 'event';
  text: string;
}

export function markerList(markers: ReviewMarkers): Marker[] {
  const out: Marker[] = [];
  if (markers.trigger_sample !== undefined)
    out.push({ key: 'trigger', sample: markers.trigger_sample, kind: 'trigger', text: 'Trigger' });
  markers.segments.forEach((s, i) =>
    out.push({
      key: `seg${i}`,
      sample: s.sample,
      kind: 'segment',
      text: `New segment at ${new Date(s.t0_ms).toISOString()}`,
    }),
  );
  markers.alarms.forEach((a, i) =>
    out.push({ key: `alarm${i}`, sample: a.sample, kind: 'alarm', text: `Alarm (${a.level}): ${a.text}` }),
  );
  markers.events.forEach((e, i) =>
    out.push({ key: `event${i}`, sample: e.sample, kind: 'event', text: `${e.level}: ${e.text}` }),
  );
  return out;
}
