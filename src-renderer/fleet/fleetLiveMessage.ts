/**
 * `fleet_live`: pushed to a session subscribed to benches — what arrived in one turn of the backend, a
 * batch per bench (docs/PROTOCOL.md, "Live fleet data"). It comes over the wire, so it is validated whole:
 * a push with one bad record is refused whole, naming the field, so no bench's seq skips past it.
 *
 * The dashboard takes about a thousand of these a second from 20 benches, so a well-formed push is
 * checked by hand with the schema's rules (isWellFormedHistoryRecord); anything the hand check does not
 * accept goes through the schema, which names the field at fault — the same outcome as the schema alone
 * (test/unit/renderer/fleet/fleetLiveMessage.test.ts compares them on valid and broken pushes).
 */
import { z } from 'zod';
import {
  historyRecordSchema,
  isWellFormedHistoryRecord,
  type HistoryRecord,
} from '../../shared/protocol/fleet';
import { describeIssue } from '../../shared/protocol/issues';

export const fleetLiveSchema = z.object({
  type: z.literal('fleet_live'),
  benches: z.array(z.object({ bench: z.string(), records: z.array(historyRecordSchema) })),
});

export interface FleetLiveBatch {
  bench: string;
  records: readonly HistoryRecord[];
}

export type FleetLiveParse =
  | { ok: true; benches: readonly FleetLiveBatch[] }
  /** `reason` names the field, e.g. `benches.0.records.1.seq must be …`. */
  | { ok: false; reason: string };

/** The batches of a well-formed push, as they came; undefined when the schema must judge it. */
function wellFormedBatches(message: unknown): FleetLiveBatch[] | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, benches } = message as { type?: unknown; benches?: unknown };
  if (type !== 'fleet_live' || !Array.isArray(benches)) return undefined;
  for (let i = 0; i < benches.length; i++) {
    // `in` also refuses an array's holes, as the schema does.
    if (!(i in benches)) return undefined;
    const batch = benches[i] as unknown;
    if (typeof batch !== 'object' || batch === null || Array.isArray(batch)) return undefined;
    const { bench, records } = batch as { bench?: unknown; records?: unknown };
    if (typeof bench !== 'string' || !Array.isArray(records)) return undefined;
    for (let j = 0; j < records.length; j++) {
      if (!(j in records) || !isWellFormedHistoryRecord(records[j])) return undefined;
    }
  }
  return benches as FleetLiveBatch[];
}

/** A `fleet_live` push's batches, or why it is refused. */
export function parseFleetLive(message: unknown): FleetLiveParse {
  const fast = wellFormedBatches(message);
  if (fast !== undefined) return { ok: true, benches: fast };
  const parsed = fleetLiveSchema.safeParse(message);
  if (parsed.success) return { ok: true, benches: parsed.data.benches };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: issue ? describeIssue(issue).message : 'not valid' };
}
