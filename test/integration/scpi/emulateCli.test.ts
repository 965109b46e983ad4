/** `npm run emulate` as a person runs it: a process that prints its address, answers, and stops on SIGTERM. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openScpiPort } from '../../../src-main/instruments/scpi/transport/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Starts the CLI; `lines` resolves once it has printed `expectedLines` lines (one per emulator). */
function emulate(
  args: string[],
  expectedLines = 1,
): {
  lines: Promise<string>;
  exit: Promise<{ code: number | null; stderr: string }>;
  stop(): void;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/emulators/cli.ts', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = new Promise<string>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.split('\n').length > expectedLines) resolve(stdout);
    });
  });
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr })),
  );
  return { lines, exit, stop: () => child.kill('SIGTERM') };
}

describe('npm run emulate', () => {
  it('prints each emulator with its address, serves it, and stops cleanly on SIGTERM', async () => {
    const run = emulate(['dp832', '--port', '0', '--load', '1=5']);
    const output = await run.lines;
    const m = /^dp832\s+127\.0\.0\.1:(\d+)\s+Rigol DP832/.exec(output);
    expect(m, output).not.toBeNull();
    const port = await openScpiPort({ host: '127.0.0.1', port: Number(m![1]) });
    expect(await port.query('*IDN?')).toMatch(/^RIGOL TECHNOLOGIES,DP832,/);
    // The --load flag reached the model: 10 V with a 3 A limit into 5 Ω is CV at 2 A.
    await port.write(':APPL CH1,10,3;:OUTP CH1,ON');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await port.query(':MEAS:CURR? CH1')).toBe('2.0000');
    await port.close();
    run.stop();
    expect(await run.exit).toMatchObject({ code: 0 });
  });

  it('refuses a bad flag with a message and exit code 2, starting nothing', async () => {
    const run = emulate(['dp832', '--port', 'abc']);
    const { code, stderr } = await run.exit;
    expect(code).toBe(2);
    expect(stderr).toContain('emulate: --port "abc": expected a TCP port from 0 (any free one) to 65535');
  });
});
