/**
 * What a review draws over the samples, placed on the capture's sample axis: the trigger point, the
 * segment boundaries (a pause or an outage starts a new segment), alarms raised while capturing and the
 * event log's entries. Captures keep time per segment (meta.json `segments`), so an epoch time maps to a
 * sample through the segment running at that time.
 */
import type { AcquisitionMeta } from '../acquisition/index.js';
import type { JournalEntry } from '../events/index.js';
import type { ReviewMarkers } from '../../shared/protocol/index.js';

/** The sample taken at epoch `timeMs`, or undefined when the capture was not sampling then. */
export function sampleAtTime(meta: AcquisitionMeta, sampleCount: number, timeMs: number): number | undefined {
  const segments = meta.segments;
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    if (timeMs < segment.t0_ms) continue;
    const end = segments[i + 1]?.first_sample ?? sampleCount;
    const sample = segment.first_sample + Math.floor(((timeMs - segment.t0_ms) * meta.sample_rate_hz) / 1000);
    return sample < end ? sample : undefined;
  }
  return undefined;
}

/**
 * Markers inside samples [fromSample, toSample) of a capture holding `sampleCount` samples. `events` are
 * the journal's entries (any order); those of other instruments are left out.
 */
export function markersInSpan(
  meta: AcquisitionMeta,
  sampleCount: number,
  fromSample: number,
  toSample: number,
  events: readonly JournalEntry[],
): ReviewMarkers {
  const inSpan = (s: number | undefined): s is number => s !== undefined && s >= fromSample && s < toSample;
  const pre = meta.mode === 'triggered' ? (meta.trigger?.pre_trigger_samples ?? 0) : undefined;
  const markers: ReviewMarkers = {
    segments: meta.segments
      .filter((s) => s.first_sample > 0 && inSpan(s.first_sample))
      .map((s) => ({ sample: s.first_sample, t0_ms: s.t0_ms })),
    alarms: [],
    events: [],
  };
  if (pre !== undefined && inSpan(pre) && sampleCount > pre) markers.trigger_sample = pre;
  for (const alarm of meta.alarms ?? []) {
    const sample = sampleAtTime(meta, sampleCount, alarm.raised_ms);
    if (!inSpan(sample)) continue;
    markers.alarms.push({
      sample,
      name: alarm.name,
      level: alarm.level,
      text: `${alarm.name}: ${alarm.field} ${alarm.value} ${alarm.unit} (channel ${alarm.channel})`,
      raised_ms: alarm.raised_ms,
      ...(alarm.cleared_ms !== undefined && { cleared_ms: alarm.cleared_ms }),
    });
  }
  for (const event of events) {
    if (event.equipment_id !== undefined && event.equipment_id !== meta.equipment_id) continue;
    const sample = sampleAtTime(meta, sampleCount, event.timestamp);
    if (!inSpan(sample)) continue;
    markers.events.push({
      sample,
      level: event.level,
      kind: event.kind,
      text: event.message,
      timestamp: event.timestamp,
    });
  }
  markers.events.sort((a, b) => a.sample - b.sample);
  return markers;
}
