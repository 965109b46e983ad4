import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/protocol/index.js';
import { EventJournal, JOURNAL_FILE_NAME } from '../../../src-main/events/EventJournal.js';
import { createLogger, silentLogger } from '../../../src-main/util/log.js';

const event = (i: number): EventMessage => ({
  type: 'event',
  level: 'info',
  kind: 'setting_changed',
  equipment_id: 'psu1',
  channel: 1,
  message: `voltage_set 1 → ${i} V`,
  timestamp: 1_700_000_000_000 + i,
});

let dir: string;
beforeEach(async () => void (dir = await mkdtemp(path.join(tmpdir(), 'journal-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('EventJournal', () => {
  it('keeps events across a restart, in order, and numbers on from where it stopped', async () => {
    const first = await EventJournal.open({ dirPath: dir, log: silentLogger });
    for (let i = 1; i <= 3; i++) first.append(event(i));
    await first.flushed();

    const second = await EventJournal.open({ dirPath: dir, log: silentLogger });
    expect(second.recent().map((e) => e.message)).toEqual([
      'voltage_set 1 → 1 V',
      'voltage_set 1 → 2 V',
      'voltage_set 1 → 3 V',
    ]);
    expect(second.append(event(4)).seq).toBe(4);
  });

  it('keeps only the newest `capacity` events, and rewrites the file before it passes twice that', async () => {
    const journal = await EventJournal.open({ dirPath: dir, capacity: 5, log: silentLogger });
    for (let i = 1; i <= 23; i++) {
      journal.append(event(i));
      await journal.flushed();
    }
    expect(journal.recent().map((e) => e.seq)).toEqual([19, 20, 21, 22, 23]);
    expect(journal.recent(2).map((e) => e.seq)).toEqual([22, 23]);
    const lines = (await readFile(path.join(dir, JOURNAL_FILE_NAME), 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(10);
    const reopened = await EventJournal.open({ dirPath: dir, capacity: 5, log: silentLogger });
    expect(reopened.recent().map((e) => e.seq)).toEqual([19, 20, 21, 22, 23]);
  });

  it('skips a torn last line and lines that are not events, and says so once', async () => {
    const good = JSON.stringify({ ...event(1), seq: 1 });
    const notAnEvent = JSON.stringify({
      type: 'event',
      seq: 2,
      level: 'shouting',
      kind: 'x',
      message: '',
      timestamp: 1,
    });
    await writeFile(path.join(dir, JOURNAL_FILE_NAME), `${good}\n${notAnEvent}\n{"type":"ev`);
    const lines: string[] = [];
    const journal = await EventJournal.open({
      dirPath: dir,
      log: createLogger('warn', (l) => lines.push(l)),
    });
    expect(journal.recent().map((e) => e.seq)).toEqual([1]);
    expect(journal.stats().skippedLines).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('skipped 2 line(s) that are not events');
  });

  it('loses nothing in memory when the disk refuses the write, and counts the failure', async () => {
    const journal = await EventJournal.open({ dirPath: path.join(dir, 'missing'), log: silentLogger });
    journal.append(event(1));
    journal.append(event(2));
    await journal.flushed();
    expect(journal.recent()).toHaveLength(2);
    expect(journal.stats().writeFailures).toBeGreaterThanOrEqual(1);
  });

  it('batches appends made together into one write, in order', async () => {
    const journal = await EventJournal.open({ dirPath: dir, log: silentLogger });
    for (let i = 1; i <= 50; i++) journal.append(event(i));
    await journal.flushed();
    const seqs = (await readFile(path.join(dir, JOURNAL_FILE_NAME), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
