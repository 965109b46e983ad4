/**
 * The working setup on injected timers: a burst of changes is read back once, after the delay; the file is
 * what the next start loads; a removed instrument leaves it; and a file that cannot be read restores nothing.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WORKING_SETUP_FILE } from '../../../src-main/setups/index.js';
import { WorkingSetup } from '../../../src-main/setups/WorkingSetup.js';
import type { SetupInstrument } from '../../../src-main/setups/index.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { ManualTimers } from '../../helpers/manualTimers.js';

const entry = (id: string, voltage: number): SetupInstrument => ({
  equipment_id: id,
  label: id,
  vendor: 'Sim',
  model: 'SIM',
  settings: { global: {}, channels: { '1': { voltage_set: voltage } } },
});

describe('WorkingSetup', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-working-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const open = (timers: ManualTimers, captures: string[], voltage = { value: 5 }): Promise<WorkingSetup> =>
    WorkingSetup.open({
      dataDir: dir,
      log: silentLogger,
      clock: { nowMs: () => 1_000 },
      timers,
      delayMs: 500,
      capture: (id) => {
        captures.push(id);
        return Promise.resolve(entry(id, voltage.value));
      },
    });

  it('reads an instrument back once per burst of changes, after the delay, and saves it for the next start', async () => {
    const timers = new ManualTimers();
    const captures: string[] = [];
    const voltage = { value: 5 };
    const working = await open(timers, captures, voltage);
    working.noteChange('psu_1');
    working.noteChange('psu_1');
    working.noteChange('scope_1');
    timers.advance(499);
    expect(captures).toEqual([]);
    voltage.value = 7.5;
    timers.advance(1);
    await working.flush();
    expect(captures).toEqual(['psu_1', 'scope_1']);
    expect(timers.pending).toBe(0);

    const next = await open(new ManualTimers(), []);
    expect(next.entries().map((e) => [e.equipment_id, e.settings.channels['1']!.voltage_set])).toEqual([
      ['psu_1', 7.5],
      ['scope_1', 7.5],
    ]);
    const file = JSON.parse(await readFile(path.join(dir, WORKING_SETUP_FILE), 'utf8')) as {
      schema_version: number;
    };
    expect(file.schema_version).toBe(1);
  });

  it('forgets a removed instrument, and restores nothing from a file it cannot read', async () => {
    const timers = new ManualTimers();
    const working = await open(timers, []);
    working.noteChange('psu_1');
    working.noteChange('psu_2');
    await working.flush();
    working.forget('psu_2');
    await working.flush();
    expect((await open(new ManualTimers(), [])).entries().map((e) => e.equipment_id)).toEqual(['psu_1']);

    await writeFile(path.join(dir, WORKING_SETUP_FILE), '{"schema_version": 1, "name": ');
    expect((await open(new ManualTimers(), [])).entries()).toEqual([]);
  });
});
