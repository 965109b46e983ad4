/** Shared fixtures for the acquisition tests: temp data directories and a ready-made config. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  AcquisitionStore,
  type AcquisitionConfig,
  type AcquisitionStoreOptions,
} from '../../../src-main/acquisition/index.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { CHANNELS } from './synthetic.js';

/** Temp directories made by `tempDir`, removed by `removeTempDirs` (call it in afterEach). */
const made: string[] = [];

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-acq-'));
  made.push(dir);
  return dir;
}

/** Stores opened by `openTestStore`, closed by `removeTempDirs` before their folders go. */
const opened: AcquisitionStore[] = [];

export async function removeTempDirs(): Promise<void> {
  // A capture's ending is written after its recorder settles: closing waits for it, so the folder is not
  // removed under a write still in flight (rmdir ENOTEMPTY).
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export const ALLOWED_CHANNELS: readonly string[] = CHANNELS;

export function scopeConfig(overrides: Partial<AcquisitionConfig> = {}): AcquisitionConfig {
  return {
    equipment_id: 'scope_1',
    name: 'bench run',
    mode: 'continuous',
    sample_rate_hz: 1_000_000,
    channels: CHANNELS.map((name) => ({ name, unit: 'V' })),
    ...overrides,
  };
}

/** A store on a fresh temp data dir, with plenty of (reported) free space unless told otherwise. */
export async function openTestStore(
  options: Partial<AcquisitionStoreOptions> = {},
): Promise<AcquisitionStore> {
  const store = await AcquisitionStore.open({
    dataDir: options.dataDir ?? (await tempDir()),
    log: silentLogger,
    ...options,
    recorder: {
      diskSpace: async () => ({ freeBytes: 1e12, totalBytes: 2e12 }),
      ...options.recorder,
    },
  });
  opened.push(store);
  return store;
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` every 5 ms until it holds or `timeoutMs` passes (then throws). The bound is for a
 * hang, not a figure: generous, since a loaded machine runs file writes and timers late.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await sleep(5);
  }
}
