/**
 * `stats.instruments` as the dashboard keeps it: by equipment id, each entry checked against the shared
 * schema. An entry that does not match is dropped (the line then shows nothing rather than wrong figures);
 * a backend from before link statistics sends no list at all.
 */
import { instrumentStatsSchema, type InstrumentLinkStats } from '../../shared/protocol/link';

export function linkStatsById(instruments: unknown): Record<string, InstrumentLinkStats> {
  const byId: Record<string, InstrumentLinkStats> = {};
  if (!Array.isArray(instruments)) return byId;
  for (const entry of instruments) {
    const parsed = instrumentStatsSchema.safeParse(entry);
    if (parsed.success) byId[parsed.data.equipment_id] = parsed.data.link;
  }
  return byId;
}
