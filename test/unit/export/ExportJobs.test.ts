/**
 * ExportJobs on a real capture: the caps on exports running at once (per connection and in all), default
 * names that two exports of one capture never share, and the start-up sweep that removes only what the
 * export engine itself names as a file being written.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcquisitionService } from '../../../src-main/acquisition/AcquisitionService.js';
import type { ExportResult } from '../../../src-main/export/index.js';
import { InstrumentRegistry } from '../../../src-main/instruments/InstrumentRegistry.js';
import {
  ExportJobs,
  type ExportJobCallbacks,
  type ExportRequest,
} from '../../../src-main/export/ExportJobs.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { recordCapture, removeCaptures, type TestCapture } from '../../helpers/exportCapture.js';

let capture: TestCapture;
let service: AcquisitionService;

beforeAll(async () => {
  capture = await recordCapture({ sampleCount: 20_000 });
  service = await AcquisitionService.open({
    dataDir: capture.dataDir,
    registry: new InstrumentRegistry([]),
    log: silentLogger,
  });
});
afterAll(async () => {
  await service.close();
  await removeCaptures();
});

function jobs(limits = {}): ExportJobs {
  return new ExportJobs({
    service,
    registry: new InstrumentRegistry([]),
    log: silentLogger,
    offerDownloads: false,
    limits,
  });
}

/** Callbacks whose `ended` settles when the job reports done or failed. */
function watch(): ExportJobCallbacks & { ended: Promise<ExportResult> } {
  let resolve: (result: ExportResult) => void = () => undefined;
  let reject: (err: unknown) => void = () => undefined;
  const ended = new Promise<ExportResult>((res, rej) => ((resolve = res), (reject = rej)));
  return { onProgress: () => undefined, onDone: (result) => resolve(result), onFailed: reject, ended };
}

const request = (): ExportRequest => ({ acquisitionId: capture.id, format: 'npy' });

describe('ExportJobs', () => {
  it('refuses exports over the per-connection and the backend cap, starting nothing, until one ends', async () => {
    const exports = jobs({ maxRunning: 2, maxRunningPerConnection: 1 });
    const [alice, bob, carol] = [{}, {}, {}];
    const start = async (owner: object): Promise<ExportResult> => {
      const callbacks = watch();
      exports.start(capture.meta, request(), await exports.target(capture.meta, request()), callbacks, owner);
      return callbacks.ended;
    };
    const targets = await Promise.all([1, 2, 3].map(() => exports.target(capture.meta, request())));
    const first = watch();
    exports.start(capture.meta, request(), targets[0]!, first, alice);
    // Synchronous refusals: the first job is still running, whatever the disk's speed.
    expect(() => exports.start(capture.meta, request(), targets[1]!, watch(), alice)).toThrow(
      expect.objectContaining({
        code: 'limit_exceeded',
        details: { limit: 1, running: 1, scope: 'connection' },
      }),
    );
    const second = watch();
    exports.start(capture.meta, request(), targets[1]!, second, bob);
    expect(exports.runningCount).toBe(2);
    expect(() => exports.start(capture.meta, request(), targets[2]!, watch(), carol)).toThrow(
      expect.objectContaining({
        code: 'limit_exceeded',
        details: { limit: 2, running: 2, scope: 'backend' },
      }),
    );
    expect(exports.runningCount).toBe(2);
    await Promise.all([first.ended, second.ended]);
    expect(exports.runningCount).toBe(0);
    await expect(start(carol)).resolves.toMatchObject({ format: 'npy' });
    const written = (await readdir(exports.exportsDir)).filter((n) => n.endsWith('.npy'));
    expect(written).toHaveLength(3); // the refused requests wrote nothing
  });

  it('gives every export of one capture its own default name, carrying the export id', async () => {
    const exports = jobs();
    const a = await exports.target(capture.meta, request());
    const b = await exports.target(capture.meta, request());
    expect(a.exportId).not.toBe(b.exportId);
    expect(a.targetPath).not.toBe(b.targetPath);
    for (const target of [a, b]) {
      expect(path.basename(target.targetPath)).toMatch(
        new RegExp(`^Bench_run_3_ringing_u_${capture.id}_\\d{4}-[0-9T-]+Z_${target.exportId}\\.npy$`),
      );
    }
  });

  it('sweeps only the engine’s temp files: a finished export with a temp-like name survives', async () => {
    const exports = jobs();
    const dir = exports.exportsDir;
    const names = {
      leftover: '.benchtop-part-0123456789ab-run.csv',
      userHidden: '.hidden.csv.tmp-aa',
      userSidecar: '.hidden.csv.tmp-aa.meta.json',
      finished: 'finished.csv',
    };
    for (const name of Object.values(names)) await writeFile(path.join(dir, name), 'x');
    await mkdir(path.join(dir, '.benchtop-part-a-folder')); // not something the engine writes: left alone
    expect(await exports.sweepLeftovers()).toBe(1);
    const left = await readdir(dir);
    expect(left).not.toContain(names.leftover);
    expect(left).toEqual(expect.arrayContaining([names.userHidden, names.userSidecar, names.finished]));
  });
});
