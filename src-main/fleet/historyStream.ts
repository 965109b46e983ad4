/**
 * A bench's history in JetStream: one stream per bench keeping its readings, measurements and events,
 * bounded by age (10 minutes by default) and size, oldest dropped first. The agent publishes each record
 * as a core NATS message with its `bench-seq` as `Nats-Msg-Id` (HistoryPublisher); the stream captures it,
 * and its duplicate window makes a record sent again (over a reconnect) land once.
 */
import { DiscardPolicy, type JetStreamManager, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { historyRecordSchema } from '../../shared/protocol/index.js';
import { benchSubjects, historyStreamName } from './subjects.js';

export const HISTORY_MAX_AGE_DEFAULT_MS = 10 * 60_000;
export const HISTORY_MAX_BYTES_DEFAULT = 256 * 1024 * 1024;
/** How long JetStream remembers message ids to drop duplicates, ms. */
const DUPLICATE_WINDOW_MS = 120_000;

export interface HistoryLimits {
  maxAgeMs: number;
  maxBytes: number;
}

/** Creates the bench's stream, or brings an existing one to `limits`. */
export async function ensureHistoryStream(
  jsm: JetStreamManager,
  bench: string,
  limits: HistoryLimits,
): Promise<void> {
  const name = historyStreamName(bench);
  const config = {
    subjects: benchSubjects(bench).history,
    max_age: nanos(limits.maxAgeMs),
    max_bytes: limits.maxBytes,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(Math.min(DUPLICATE_WINDOW_MS, limits.maxAgeMs)),
  };
  try {
    await jsm.streams.info(name);
  } catch {
    await jsm.streams.add({ name, storage: StorageType.File, ...config });
    return;
  }
  await jsm.streams.update(name, config);
}

/**
 * The newest record seq the bench stored, so a restarted agent carries on from it (0 when there is none),
 * and the stream's own last sequence then, from which the agent's store audit counts.
 */
export async function lastStoredSeq(
  jsm: JetStreamManager,
  bench: string,
): Promise<{ seq: number; streamSeq: number }> {
  const name = historyStreamName(bench);
  const info = await jsm.streams.info(name);
  const streamSeq = info.state.last_seq;
  if (info.state.last_seq === 0 || info.state.messages === 0) return { seq: 0, streamSeq };
  const stored = await jsm.streams.getMessage(name, { seq: info.state.last_seq });
  if (stored === null) return { seq: 0, streamSeq };
  const record = historyRecordSchema.safeParse(stored.json());
  return { seq: record.success ? record.data.seq : 0, streamSeq };
}
