/**
 * The backend's event log: the last `capacity` events (10,000 by default) every client sees, kept in memory
 * and in the data folder (`events.jsonl`, one event per line), so a reload, a second dashboard or a restart
 * shows the same history. Lines are appended in batches; when the file holds twice the capacity it is
 * rewritten atomically with the newest `capacity` lines, so it stays bounded without ever being half-written.
 *
 * The file is outside input on start-up (a crash can tear its last line; a person can edit it): each line
 * is validated, and a line that is not an event is skipped and counted, never fatal. A disk that refuses
 * writes loses nothing in memory: the failure is logged (throttled) and counted in `stats()`.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { EventLevel, EventMessage } from '../../shared/protocol/index.js';
import { LogThrottle, type Logger, readTextIfPresent, writeFileAtomic } from '../util/index.js';

export const DEFAULT_JOURNAL_CAPACITY = 10_000;
export const JOURNAL_FILE_NAME = 'events.jsonl';

/** An event as kept: the wire message plus its place in the journal (1, 2, 3 ... across restarts). */
export type JournalEntry = EventMessage & { seq: number };

const entrySchema = z.object({
  type: z.literal('event'),
  seq: z.number().int().positive(),
  level: z.enum(['info', 'warning', 'alarm', 'error']),
  kind: z.string().min(1).max(128),
  equipment_id: z.string().max(128).optional(),
  channel: z.number().int().optional(),
  message: z.string().max(4096),
  details: z.record(z.string(), z.unknown()).optional(),
  timestamp: z.number().finite(),
});

const LEVEL_RANK: Record<EventLevel, number> = { info: 0, warning: 1, alarm: 2, error: 3 };

export interface JournalFilter {
  afterSeq?: number;
  limit?: number;
  equipmentId?: string;
  minLevel?: EventLevel;
}

export interface EventJournalOptions {
  /** Folder of `events.jsonl`; undefined keeps the journal in memory only. */
  dirPath?: string;
  capacity?: number;
  log: Logger;
}

export interface JournalStats {
  entries: number;
  /** Lines of the file skipped on load because they were not events. */
  skippedLines: number;
  writeFailures: number;
}

export class EventJournal {
  readonly #filePath: string | undefined;
  readonly #capacity: number;
  readonly #log: Logger;
  readonly #throttle: LogThrottle;
  #entries: JournalEntry[] = [];
  #nextSeq = 1;
  #linesInFile = 0;
  #pending: string[] = [];
  #writing: Promise<void> = Promise.resolve();
  #skippedLines = 0;
  #writeFailures = 0;

  private constructor(options: EventJournalOptions) {
    this.#filePath = options.dirPath && path.join(options.dirPath, JOURNAL_FILE_NAME);
    this.#capacity = options.capacity ?? DEFAULT_JOURNAL_CAPACITY;
    this.#log = options.log;
    this.#throttle = new LogThrottle(options.log);
  }

  /** Opens the journal, loading what the file holds (a missing file is an empty journal). */
  static async open(options: EventJournalOptions): Promise<EventJournal> {
    const journal = new EventJournal(options);
    await journal.#load();
    return journal;
  }

  /** Records an event; resolves nothing — writing to disk happens behind, in order. */
  append(event: EventMessage): JournalEntry {
    const entry: JournalEntry = { ...event, seq: this.#nextSeq++ };
    this.#entries.push(entry);
    if (this.#entries.length > this.#capacity) this.#entries.splice(0, this.#entries.length - this.#capacity);
    if (this.#filePath) {
      this.#pending.push(JSON.stringify(entry));
      if (this.#pending.length === 1) this.#writing = this.#writing.then(() => this.#flush());
    }
    return entry;
  }

  /**
   * The newest `limit` entries after `afterSeq` that match the filters, oldest first, and whether older
   * matching ones were left out.
   */
  query(filter: JournalFilter): { entries: JournalEntry[]; truncated: boolean; newestSeq: number } {
    const minRank = LEVEL_RANK[filter.minLevel ?? 'info'];
    const matching = this.#entries.filter(
      (e) =>
        e.seq > (filter.afterSeq ?? 0) &&
        (filter.equipmentId === undefined || e.equipment_id === filter.equipmentId) &&
        LEVEL_RANK[e.level] >= minRank,
    );
    const limit = filter.limit ?? this.#capacity;
    return {
      entries: matching.slice(Math.max(0, matching.length - limit)),
      truncated: matching.length > limit,
      newestSeq: this.#nextSeq - 1,
    };
  }

  /** The newest `limit` entries (all kept ones by default), oldest first. */
  recent(limit = this.#capacity): JournalEntry[] {
    return this.#entries.slice(Math.max(0, this.#entries.length - limit));
  }

  stats(): JournalStats {
    return {
      entries: this.#entries.length,
      skippedLines: this.#skippedLines,
      writeFailures: this.#writeFailures,
    };
  }

  /** Resolves once everything appended so far has been written (or has failed to be). */
  async flushed(): Promise<void> {
    await this.#writing;
  }

  async #load(): Promise<void> {
    if (!this.#filePath) return;
    const text = await readTextIfPresent(this.#filePath);
    if (text === undefined) return;
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    this.#linesInFile = lines.length;
    for (const line of lines) {
      const parsed = parseLine(line);
      if (parsed) this.#entries.push(parsed);
      else this.#skippedLines++;
    }
    this.#entries.sort((a, b) => a.seq - b.seq);
    if (this.#entries.length > this.#capacity) this.#entries.splice(0, this.#entries.length - this.#capacity);
    this.#nextSeq = (this.#entries.at(-1)?.seq ?? 0) + 1;
    if (this.#skippedLines > 0) {
      this.#log.warn(`${this.#filePath}: skipped ${this.#skippedLines} line(s) that are not events`);
    }
  }

  async #flush(): Promise<void> {
    const lines = this.#pending.splice(0);
    const filePath = this.#filePath!;
    try {
      if (this.#linesInFile + lines.length > 2 * this.#capacity) {
        const kept = this.#entries.map((e) => JSON.stringify(e));
        await writeFileAtomic(filePath, kept.join('\n') + '\n');
        this.#linesInFile = kept.length;
      } else {
        await appendFile(filePath, lines.join('\n') + '\n');
        this.#linesInFile += lines.length;
      }
    } catch (err) {
      this.#writeFailures++;
      this.#throttle.warn(
        'journal-write',
        `event log: could not write ${filePath}: ${(err as Error).message}`,
      );
    }
  }
}

function parseLine(line: string): JournalEntry | undefined {
  try {
    const parsed = entrySchema.safeParse(JSON.parse(line));
    return parsed.success ? (parsed.data as JournalEntry) : undefined;
  } catch {
    return undefined;
  }
}
