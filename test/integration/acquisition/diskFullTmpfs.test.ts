/**
 * A capture on a real file system that fills up (issue 15): a 2 MiB tmpfs, filled by another writer while
 * the capture runs. The capture must end `error` / `disk_full` with that recorded on disk although no new
 * file fits, list and export must show every sample in the file, stop/delete must answer sensibly, and a
 * restart must still say `disk_full`. Mounting needs root; elsewhere the test is skipped and
 * test/unit/acquisition/diskFull.test.ts covers the same logic by injecting ENOSPC.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AcquisitionSummary,
  ExportDoneMessage,
  ExportStartedMessage,
} from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { parseNpy, readStoredZip } from '../../helpers/exportReadBack.js';
import { until } from '../../helpers/testBackend.js';
import { command, create, startAcquisitionBackend, stateEvent } from './helpers.js';

const fixture = useTestBackend({ lazy: true, starter: startAcquisitionBackend });

let mountPoint: string | undefined;
/** Why the real-disk test cannot run here, if it cannot. */
let unavailable: string | undefined;

beforeAll(() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    unavailable = 'mounting a tmpfs needs root on Linux; diskFull.test.ts covers this by injecting ENOSPC';
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'benchtop-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'pipe' });
    mountPoint = dir;
  } catch (err) {
    rmdirSync(dir);
    unavailable = `cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]}); diskFull.test.ts covers this by injecting ENOSPC`;
  }
});

afterAll(async () => {
  await fixture.stop();
  if (mountPoint === undefined) return;
  execFileSync('umount', [mountPoint]);
  rmdirSync(mountPoint);
});

/** Writes zeros to `file` until the file system refuses (ENOSPC), as `dd if=/dev/zero` would. */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

describe('a capture on a file system that fills up', () => {
  it('ends error/disk_full, recorded on disk and kept across a restart; every sample in the file readable', async (ctx) => {
    if (mountPoint === undefined) return ctx.skip(unavailable);
    const dataDir = mountPoint;
    await fixture.start({ dataDir });
    const client = await fixture.connect('binary');
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'psu_1',
      mode: 'continuous',
      sample_rate: 1_000,
      channels: ['CH1.voltage', 'CH1.current', 'CH1.power'],
    });
    const samplesFile = path.join(dataDir, 'acquisitions', id, 'samples.f32');
    const frames = (): number => Math.floor((statSync(samplesFile).size - 64) / 12);
    await command(client, 'start_acquisition', id);
    await until(() => frames() > 200, 'the capture to write samples');

    const filler = path.join(dataDir, 'filler');
    fillUp(filler);
    const ended = await stateEvent(client, id, 'error');
    expect(ended.error?.code).toBe('disk_full');
    expect(ended.flushed).toBe(frames());

    // The disk is still full, yet the ending is on disk (written into the space held for it).
    const metaOnDisk = JSON.parse(
      readFileSync(path.join(dataDir, 'acquisitions', id, 'meta.json'), 'utf8'),
    ) as {
      state: string;
      sample_count: number;
      error?: { code: string };
    };
    expect(metaOnDisk).toMatchObject({
      state: 'error',
      sample_count: frames(),
      error: { code: 'disk_full' },
    });
    const list = await client.request<{ type: 'acquisitions'; acquisitions: AcquisitionSummary[] }>({
      type: 'list_acquisitions',
    });
    expect(list.acquisitions).toMatchObject([{ acquisition_id: id, state: 'error', flushed: frames() }]);
    const stop = await client.request({ type: 'stop_acquisition', acquisition_id: id });
    expect(stop).toMatchObject({
      type: 'error',
      code: 'invalid_state',
      message: `${id} is error; cannot go to complete`,
    });

    unlinkSync(filler);
    const started = await client.request<ExportStartedMessage>({
      type: 'export_acquisition',
      acquisition_id: id,
      format: 'npy',
    });
    expect(started.type).toBe('export_started');
    const done = await client.next<ExportDoneMessage>(
      (m) => m.type === 'export_done' && m.export_id === started.export_id,
    );
    // rows: every whole frame in the sample file (a browser-mode NPY is one .npy.zip with time_s.npy in it)
    const time = parseNpy(readStoredZip(new Uint8Array(readFileSync(done.path))).get('time_s.npy')!);
    expect(time.shape).toEqual([frames()]);

    await fixture.stop();
    await fixture.start({ dataDir });
    const again = await fixture.connect('binary');
    const after = await command(again, 'get_acquisition', id);
    expect(after).toMatchObject({ state: 'error', flushed: frames(), error: { code: 'disk_full' } });
    await expect(again.request({ type: 'delete_acquisition', acquisition_id: id })).resolves.toMatchObject({
      type: 'acquisition_deleted',
    });
  });
});
