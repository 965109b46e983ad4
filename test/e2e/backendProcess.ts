/**
 * Runs the real browser-mode backend (`node dist/main/cli.js`, what `npm run serve` starts) as a child
 * process, reads the one URL line it prints, and can stop and restart it on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchFile } from '../../shared/protocol/bench';
import { restartablePort } from '../helpers/restartPort';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Longest a backend may take to print its URL, ms. */
const START_BOUND_MS = 60_000;

export interface ServedBackend {
  /** Dashboard URL including `#token=...`. */
  url: string;
  port: number;
  stderr: string[];
  /** The backend's data folder (acquisitions), a fresh temporary one. */
  dataDir: string;
  stop(): Promise<void>;
  /** Stops the process and starts a new one on the same port with the same token, so the page's URL stays valid. */
  restart(): Promise<void>;
}

async function launch(
  args: string[],
  token?: string,
): Promise<{ child: ChildProcess; url: string; stderr: string[] }> {
  const env = { ...process.env };
  if (token) env.BENCHTOP_TOKEN = token;
  else delete env.BENCHTOP_TOKEN;
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/main/cli.js'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    // A bound for a hang, like playwright.config.ts's: at load 30 on the 2-core machine a start-up that
    // takes about a second quiet took over 10 s.
    const timer = setTimeout(
      () =>
        reject(
          new Error(`backend printed no URL in ${START_BOUND_MS / 1000} s; stderr: ${stderr.join('\n')}`),
        ),
      START_BOUND_MS,
    );
    lines.on('line', (line) => {
      const match = /^Benchtop at (\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`backend exited with ${code}; stderr: ${stderr.join('\n')}`));
    });
  });
  return { child, url, stderr };
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export interface ServedBackendOptions {
  /**
   * The instruments to start with, written as the data folder's bench file (where instruments added at run
   * time are kept, so a restart reads it as it would after a person's changes). Default: none written, so
   * the backend starts with the simulated pair.
   */
  bench?: BenchFile;
}

export async function startServedBackend(
  extraArgs: string[] = [],
  options: ServedBackendOptions = {},
): Promise<ServedBackend> {
  // Each backend gets its own data folder, kept across restarts (captures must survive them), removed at stop.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'benchtop-e2e-'));
  if (options.bench) writeFileSync(path.join(dataDir, 'bench.json'), JSON.stringify(options.bench));
  extraArgs = ['--data-dir', dataDir, ...extraArgs];
  // Below the ephemeral range, as `restart()` reuses it: a port-0 port is back in the OS's pool for every
  // listen(0) and outgoing connection on the machine between the stop and the restart.
  let current = await launch(['--port', String(await restartablePort()), ...extraArgs]);
  const port = Number(new URL(current.url).port);
  const backend: ServedBackend = {
    url: current.url,
    port,
    stderr: current.stderr,
    dataDir,
    async stop() {
      await terminate(current.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await terminate(current.child);
      // The dashboard keeps its token from the first URL; the restarted backend must accept it.
      const token = new URLSearchParams(new URL(backend.url).hash.slice(1)).get('token')!;
      current = await launch(['--port', String(port), ...extraArgs], token);
    },
  };
  return backend;
}
