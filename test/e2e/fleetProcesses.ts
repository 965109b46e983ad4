/**
 * The processes of a fleet for the E2E specs: `benchtop agent` as a lab PC runs it (a simulated supply and
 * scope), started from the built CLI, and stopping a child by its pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `benchtop agent` as a lab PC runs it; resolves once it has joined the fleet. */
export async function startAgent(natsUrl: string, dir: string, bench: string): Promise<ChildProcess> {
  const benchFile = path.join(dir, 'bench.json');
  writeFileSync(
    benchFile,
    JSON.stringify({
      instruments: [
        { id: 'psu_1', driver: 'sim-psu', label: 'Supply' },
        { id: 'scope_1', driver: 'sim-scope', label: 'Scope' },
      ],
    }),
  );
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'dist/main/cli.js'),
      'agent',
      '--nats',
      natsUrl,
      '--bench',
      benchFile,
      '--name',
      bench,
      '--data-dir',
      path.join(dir, 'data'),
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`agent did not join in 30 s:\n${lines.join('\n')}`)),
      30_000,
    );
    createInterface({ input: child.stderr! }).on('line', (line) => {
      lines.push(line);
      if (line.includes('joined the fleet')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`agent exited with ${code}:\n${lines.join('\n')}`));
    });
  });
  return child;
}

export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
