/**
 * The real thing: the browser-mode CLI (`src-main/cli.ts`) capturing to a data dir is SIGKILLed mid-capture
 * and started again on the same dir. The acquisition must come back `interrupted`, holding at least every
 * sample the client had been told was flushed, all of them readable — over the protocol and from the file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AcquisitionStore } from '../../../src-main/acquisition/index.js';
import { silentLogger } from '../../../src-main/util/log.js';
import type { AcquisitionStreamMessage } from '../../../shared/protocol/index.js';
import { SPAWN_TIMEOUT_MS, TestClient } from '../../helpers/testBackend.js';
import { command, create, waitFor } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TOKEN = 'crash-test-token-0123456789abcdefghijklmnopqrstuv';
const RATE_HZ = 1_000_000;

interface Served {
  child: ChildProcess;
  port: number;
  stderr: string[];
  exited: Promise<NodeJS.Signals | null>;
}

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function serve(dataDir: string): Promise<Served> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/cli.ts', '--data-dir', dataDir, '--port', '0', '--log-level', 'info'],
    { cwd: ROOT, env: { ...process.env, BENCHTOP_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no URL in ${SPAWN_TIMEOUT_MS} ms: ${stderr.join('\n')}`)),
      SPAWN_TIMEOUT_MS,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^Benchtop at http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then(() => reject(new Error(`backend exited: ${stderr.join('\n')}`)));
  });
  return { child, port, stderr, exited };
}

async function connect(port: number): Promise<TestClient> {
  return TestClient.open(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`);
}

describe('crash during capture', () => {
  it(
    'recovers a SIGKILLed capture as interrupted with every flushed sample readable',
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-crash-'));
      dirs.push(dataDir);
      const first = await serve(dataDir);
      const client = await connect(first.port);
      // A noise-free 1 kHz sine of 1 V amplitude on CH1, so every recovered sample can be checked.
      const noise = await client.request({
        type: 'set_parameter',
        equipment_id: 'scope_1',
        channel: 1,
        parameter: 'noise',
        value: 0,
      });
      expect(noise.type).toBe('parameter_set');
      const { acquisition_id: id } = await create(client, {
        equipment_id: 'scope_1',
        name: 'killed mid-capture',
        mode: 'continuous',
        sample_rate: RATE_HZ,
        channels: ['CH1', 'CH2'],
      });
      await command(client, 'start_acquisition', id);
      await client.request({
        type: 'start_acquisition_stream',
        acquisition_id: id,
        interval_ms: 50,
        num_samples: 10,
      });

      // Kill it the moment the client hears that 300k samples are on disk.
      const seen = await client.next<AcquisitionStreamMessage>(
        (m) => m.type === 'acquisition_stream' && m.stats.flushed >= 300_000,
      );
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');
      const lastFlushed = Math.max(...client.ofType('acquisition_stream').map((m) => m.stats.flushed));
      expect(lastFlushed).toBeGreaterThanOrEqual(seen.stats.flushed);
      await client.closed;

      const second = await serve(dataDir);
      const recoveryLog = new RegExp(`${id} was running when Benchtop stopped; marked interrupted`);
      await waitFor(() => recoveryLog.test(second.stderr.join('\n')));
      const again = await connect(second.port);
      const recovered = await command(again, 'get_acquisition', id);
      expect(recovered).toMatchObject({
        state: 'interrupted',
        name: 'killed mid-capture',
        error: { code: 'crash' },
      });
      expect(recovered.flushed).toBeGreaterThanOrEqual(lastFlushed);
      // Readable over the protocol: a view from just before the last sample the client saw.
      await again.request({
        type: 'start_acquisition_stream',
        acquisition_id: id,
        from_sample: lastFlushed - 5,
        num_samples: 5,
      });
      const window = await again.next<AcquisitionStreamMessage>(
        (m) => m.type === 'acquisition_stream' && m.data !== undefined,
      );
      expect(window.data).toMatchObject({ first_sample: lastFlushed - 5, count: 5 });
      await again.close();
      second.child.kill('SIGTERM');
      await second.exited;

      // And from the file, every sample: the sine is continuous from sample 0 to the end.
      const store = await AcquisitionStore.open({ dataDir, log: silentLogger, recover: false });
      const reader = await store.openReader(id);
      expect(reader.sampleCount).toBe(recovered.flushed);
      let next = 0;
      for await (const block of reader.chunks({ channels: ['CH1'], chunkSamples: 262_144 })) {
        const values = block.channels[0]!;
        for (let i = 0; i < values.length; i++) {
          const expected = Math.sin((2 * Math.PI * 1_000 * (next + i)) / RATE_HZ);
          if (Math.abs(values[i]! - expected) > 1e-5)
            throw new Error(`sample ${next + i}: ${values[i]} ≠ ${expected}`);
        }
        next += values.length;
      }
      await reader.close();
      expect(next).toBe(recovered.flushed);
    },
    3 * SPAWN_TIMEOUT_MS,
  );
});
