/**
 * The real thing: a capture in a separate Node process, SIGKILLed mid-write. The next start-up must find
 * it, mark it interrupted, and keep every sample the child had reported as written.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AcquisitionStore } from '../../../src-main/acquisition/index.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { removeTempDirs, tempDir } from './helpers.js';
import { firstMismatch } from './synthetic.js';

afterEach(removeTempDirs);

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'captureChild.ts');

/** Runs the capture child until it has reported `minFlushed` samples written, then SIGKILLs it. */
async function captureAndKill(
  dataDir: string,
  minFlushed: number,
): Promise<{ id: string; lastFlushed: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let id = '';
  let lastFlushed = 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [word, value] = line.split(' ');
        if (word === 'started') id = value!;
        if (word === 'flushed') lastFlushed = Number(value);
      }
      if (lastFlushed >= minFlushed && child.exitCode === null) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`capture child exited early: ${stderr}`)));
  });
  expect(await exited).toBe('SIGKILL');
  return { id, lastFlushed };
}

describe('crash recovery', () => {
  it('recovers a capture whose process was SIGKILLed mid-write, with every flushed sample readable', async () => {
    const dataDir = await tempDir();
    const { id, lastFlushed } = await captureAndKill(dataDir, 200_000);
    expect(id).toMatch(/^acq_[0-9a-f]{12}$/);

    const store = await AcquisitionStore.open({ dataDir, log: silentLogger });
    expect(store.recovered.map((r) => r.acquisitionId)).toEqual([id]);
    const meta = await store.get(id);
    expect(meta.state).toBe('interrupted');
    expect(meta.error?.code).toBe('crash');
    expect(meta.instrument_settings).toEqual({ timebase_s: 1e-3 });
    // Killed right after it said so: at least that much is on disk (the kernel keeps a killed process's writes).
    expect(meta.sample_count).toBeGreaterThanOrEqual(lastFlushed);

    const reader = await store.openReader(id);
    expect(reader.sampleCount).toBe(meta.sample_count);
    let next = 0;
    for await (const block of reader.chunks({ chunkSamples: 65_536 })) {
      expect(block.firstSample).toBe(next);
      block.channels.forEach((values, c) => expect(firstMismatch(values, c, block.firstSample)).toBe(-1));
      next += block.channels[0]!.length;
    }
    await reader.close();
    expect(next).toBe(meta.sample_count);

    // Recovery is done once: a second start-up finds nothing to do.
    const again = await AcquisitionStore.open({ dataDir, log: silentLogger });
    expect(again.recovered).toEqual([]);
  });
});
