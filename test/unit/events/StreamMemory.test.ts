import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_REMEMBERED_STREAMS,
  STREAM_MEMORY_FILE_NAME,
  StreamMemory,
} from '../../../src-main/streamMemory/index.js';
import { silentLogger } from '../../../src-main/util/log.js';

describe('StreamMemory', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-streams-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('remembers one choice per stream and finds it again after a restart', async () => {
    const memory = await StreamMemory.open({ dirPath: dir, log: silentLogger });
    expect(memory.all()).toEqual([]);
    memory.remember({ equipment_id: 'psu_1', stream_type: 'readings', running: true, rate: 100 });
    memory.remember({ equipment_id: 'scope_1', stream_type: 'waveform', running: true, rate: 'display' });
    memory.remember({ equipment_id: 'psu_1', stream_type: 'readings', running: false, rate: 200 });
    await memory.flushed();

    const reopened = await StreamMemory.open({ dirPath: dir, log: silentLogger });
    expect(reopened.all()).toEqual([
      { equipment_id: 'psu_1', stream_type: 'readings', running: false, rate: 200 },
      { equipment_id: 'scope_1', stream_type: 'waveform', running: true, rate: 'display' },
    ]);
  });

  it('skips entries of the file that are not streams and keeps the rest; a file that is no list is ignored', async () => {
    const file = path.join(dir, STREAM_MEMORY_FILE_NAME);
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        streams: [
          { equipment_id: 'psu_1', stream_type: 'readings', running: false, rate: 100 },
          { equipment_id: 'psu_1', stream_type: 'readings', running: 'yes', rate: 100 },
          { equipment_id: '', stream_type: 'x', running: true, rate: 5 },
          'junk',
        ],
      }),
    );
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
    const memory = await StreamMemory.open({ dirPath: dir, log });
    expect(memory.all()).toHaveLength(1);
    expect(warnings.join()).toContain('skipped 3');

    await writeFile(file, '{"torn":');
    expect((await StreamMemory.open({ dirPath: dir, log })).all()).toEqual([]);
    expect(warnings.at(-1)).toContain('not a remembered-streams file');
  });

  it('refuses a new stream once full, still updating those it holds', async () => {
    const memory = await StreamMemory.open({ log: silentLogger });
    for (let i = 0; i < MAX_REMEMBERED_STREAMS; i++)
      expect(memory.remember({ equipment_id: `i${i}`, stream_type: 's', running: true, rate: 100 })).toBe(
        true,
      );
    expect(memory.remember({ equipment_id: 'one_more', stream_type: 's', running: true, rate: 100 })).toBe(
      false,
    );
    expect(memory.remember({ equipment_id: 'i0', stream_type: 's', running: false, rate: 100 })).toBe(true);
  });

  it('writes readable JSON', async () => {
    const memory = await StreamMemory.open({ dirPath: dir, log: silentLogger });
    memory.remember({ equipment_id: 'psu_1', stream_type: 'readings', channel: 2, running: true, rate: 50 });
    await memory.flushed();
    const text = await readFile(path.join(dir, STREAM_MEMORY_FILE_NAME), 'utf8');
    expect(JSON.parse(text)).toEqual({
      version: 1,
      streams: [{ equipment_id: 'psu_1', stream_type: 'readings', channel: 2, running: true, rate: 50 }],
    });
  });
});
