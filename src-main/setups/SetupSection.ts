/**
 * The seam through which a room contributes to a bench setup: a section is captured at save and applied at
 * recall, under its own key in the file. The layout and the streams are sections (the dashboard's state,
 * sent with `save_setup` and handed back to it on recall); the alarm engine registers its definitions the
 * same way. A section checks its own saved value: a file is data from outside.
 */
import {
  type ClientSections,
  setupLayoutSchema,
  setupStreamSchema,
  type SetupReportItem,
} from '../../shared/protocol/index.js';
import type { InstrumentRegistry } from '../instruments/index.js';
import { describeZodIssue, jsonPath } from '../util/index.js';
import { z } from 'zod';

export interface SectionReport {
  applied: SetupReportItem[];
  skipped: SetupReportItem[];
  /** What the dashboard is to apply itself (its layout, the streams it starts). */
  client?: ClientSections;
}

export interface SetupSection {
  /** The key in the file's `sections`; unique among the registered sections. */
  readonly key: string;
  /** The section's current value, or undefined to leave it out. `client` is what the dashboard sent. */
  capture(client: ClientSections): unknown;
  /** Applies a saved value (unchecked: it may come from an imported file) and says what it did. */
  apply(value: unknown): SectionReport | Promise<SectionReport>;
}

function refusedWhole(key: string, error: z.ZodError): SectionReport {
  const issue = describeZodIssue(error.issues[0]!);
  return {
    applied: [],
    skipped: [
      { item: key, reason: `the saved ${key} is not valid: ${jsonPath(issue.path)}: ${issue.reason}` },
    ],
  };
}

/** The dashboard's arrangement (sidebar, hidden panels): stored as sent, handed back on recall. */
export const layoutSection: SetupSection = {
  key: 'layout',
  capture: (client) => client.layout,
  apply(value) {
    const parsed = setupLayoutSchema.safeParse(value);
    if (!parsed.success) return refusedWhole('layout', parsed.error);
    return { applied: [{ item: 'layout' }], skipped: [], client: { layout: parsed.data } };
  },
};

/** The streams the dashboard ran: each handed back if its instrument is on the bench and offers it. */
export function streamsSection(registry: InstrumentRegistry): SetupSection {
  return {
    key: 'streams',
    capture: (client) => client.streams,
    apply(value) {
      const parsed = z.array(setupStreamSchema).max(128).safeParse(value);
      if (!parsed.success) return refusedWhole('streams', parsed.error);
      const report: SectionReport = { applied: [], skipped: [], client: { streams: [] } };
      for (const stream of parsed.data) {
        const item: SetupReportItem = {
          equipment_id: stream.equipment_id,
          channel: stream.channel,
          item: `${stream.stream_type} stream`,
        };
        const host = registry.get(stream.equipment_id);
        const info = host?.capabilities().streams.find((s) => s.stream_type === stream.stream_type);
        if (host === undefined) {
          report.skipped.push({ ...item, reason: `no instrument "${stream.equipment_id}" on this bench` });
        } else if (info === undefined) {
          report.skipped.push({ ...item, reason: `${host.label} offers no ${stream.stream_type} stream` });
        } else if (
          stream.interval_ms !== undefined &&
          (stream.interval_ms < info.min_interval_ms || stream.interval_ms > info.max_interval_ms)
        ) {
          report.skipped.push({
            ...item,
            value: stream.interval_ms,
            reason: `interval ${stream.interval_ms} ms is outside ${host.label}'s ${info.min_interval_ms}…${info.max_interval_ms} ms`,
          });
        } else {
          report.applied.push({ ...item, value: stream.interval_ms });
          report.client!.streams!.push(stream);
        }
      }
      return report;
    },
  };
}
