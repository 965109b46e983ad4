/**
 * Alarm definitions as a section of a bench setup (issue 18: "alarm definitions are part of a setup"). The
 * alarm engine is seen through the two calls it offers for this, so setups do not depend on the alarms room;
 * the engine checks every saved definition against the catalog itself (a file is data from outside).
 */
import type { SectionReport, SetupSection } from './SetupSection.js';

/** The part of the alarm engine a setup needs. */
export interface AlarmDefinitions {
  definitions(): readonly unknown[];
  replaceDefinitions(definitions: readonly unknown[]): Promise<{
    applied: readonly { name: string; equipment_id: string }[];
    rejected: readonly { index: number; name?: string; reason: string }[];
  }>;
}

/** More saved alarms than this is not a setup anyone wrote: refused whole rather than read. */
const MAX_SAVED_ALARMS = 1_024;

export function alarmsSection(alarms: AlarmDefinitions): SetupSection {
  return {
    key: 'alarms',
    capture: () => alarms.definitions(),
    async apply(value): Promise<SectionReport> {
      if (!Array.isArray(value) || value.length > MAX_SAVED_ALARMS) {
        const reason = Array.isArray(value)
          ? `the saved alarms are ${value.length}, more than ${MAX_SAVED_ALARMS}`
          : 'the saved alarms are not a list';
        return { applied: [], skipped: [{ item: 'alarms', reason }] };
      }
      // Recalling a bench setup puts its alarms in place of the bench's: the setup is the whole bench.
      const report = await alarms.replaceDefinitions(value);
      return {
        applied: report.applied.map((d) => ({ equipment_id: d.equipment_id, item: `alarm "${d.name}"` })),
        skipped: report.rejected.map((r) => ({
          item: r.name !== undefined ? `alarm "${r.name}"` : `alarm #${r.index + 1}`,
          reason: r.reason,
        })),
      };
    },
  };
}
