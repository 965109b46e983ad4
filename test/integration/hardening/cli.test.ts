/**
 * `npm run serve` as a user meets it: one line with the URL, a clear message and a non-zero exit when the
 * port is taken, and no accidental exposure to the network.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { processStartTicks } from '../../../src-main/dataDirLock.js';
import { SPAWN_TIMEOUT_MS } from '../../helpers/testBackend.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source until it exits, or until `stopWhen(stdout)` and then SIGTERM. */
function runCli(
  args: string[],
  stopWhen?: (stdout: string) => boolean,
  timeoutMs = SPAWN_TIMEOUT_MS,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src-main/cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, BENCHTOP_TOKEN: '' },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not finish in ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stopWhen?.(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// Each case starts the CLI from source (tsx), some twice; on a loaded two-core machine that takes seconds.
describe('benchtop serve (CLI)', { timeout: 3 * SPAWN_TIMEOUT_MS }, () => {
  const dirs: string[] = [];
  const dataDir = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'benchtop-cli-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('prints exactly one line, the URL with its token, and shuts down cleanly on SIGTERM', async () => {
    const run = await runCli(['--port', '0', '--data-dir', dataDir()], (out) => out.includes('\n'));
    expect(run.stdout).toMatch(/^Benchtop at http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}\n$/);
    expect(run.code).toBe(0);
    const token = /#token=(\S+)/.exec(run.stdout)![1]!;
    expect(run.stderr).not.toContain(token);
  });

  it('exits non-zero with a clear message when the port is already in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const run = await runCli(['--port', String(port), '--data-dir', dataDir()]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(run.stdout).toBe('');
    } finally {
      blocker.close();
    }
  });

  it('refuses a data folder another running Benchtop holds, with a clear message', async () => {
    const shared = dataDir();
    // A live process stands in for the other backend, with the lock a Benchtop writes: its pid and its
    // start time (a lock whose pid merely runs, as another program, is stale and taken over). It lives until
    // killed below: a holder on a timer could be gone before a loaded machine's CLI gets to the lock.
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1_000)']);
    try {
      await new Promise((resolve) => holder.once('spawn', resolve));
      const ticks = await processStartTicks(holder.pid!);
      const lock = {
        app: 'benchtop',
        pid: holder.pid,
        hostname: os.hostname(),
        instance_id: '0123456789abcdef',
        started_ms: Date.now(),
        ...(ticks !== undefined && { process_start_ticks: ticks }),
      };
      writeFileSync(path.join(shared, 'benchtop.lock'), JSON.stringify(lock));
      const run = await runCli(['--port', '0', '--data-dir', shared]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`in use by another Benchtop (process ${holder.pid}, since `);
      expect(run.stdout).toBe('');
    } finally {
      holder.kill();
    }
  });

  it('refuses to bind beyond this computer without --allow-remote, and warns when allowed', async () => {
    const refused = await runCli(['--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--allow-remote');
    // Tests bind loopback only: --allow-remote on 127.0.0.1 still prints the warning a user would see.
    const allowed = await runCli(
      ['--host', '127.0.0.1', '--allow-remote', '--port', '0', '--data-dir', dataDir()],
      (out) => out.includes('\n'),
    );
    expect(allowed.stderr).toMatch(/reachable from the network/);
  });

  it('stops on a bad --bench file with one line naming the file, the JSON path and the reason', async () => {
    const folder = dataDir();
    const bench = path.join(folder, 'lab.json');
    writeFileSync(bench, JSON.stringify({ instruments: [{ id: 'psu_1', driver: 'sim-dmm', label: 'DMM' }] }));
    const run = await runCli(['--port', '0', '--data-dir', folder, '--bench', bench]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    // One message (log lines such as a missing dashboard build aside), and nothing started after it.
    const messages = run.stderr.split('\n').filter((line) => line.startsWith('benchtop:'));
    expect(messages).toEqual([
      `benchtop: bench file ${bench}: instruments[0].driver: unknown driver "sim-dmm" (known: sim-psu, sim-scope, rigol-dp800, keysight-e36300, siglent-spd3303x, rigol-ds1000z, keysight-infiniivision)`,
    ]);
    expect(run.stderr.endsWith(`${messages[0]}\n`)).toBe(true);
  });

  it('rejects unknown flags and bad values with usage and exit code 2', async () => {
    for (const args of [
      ['--prot', '80'],
      ['--port', 'eighty'],
      ['--log-level', 'loud'],
    ]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage:');
    }
  });
});
