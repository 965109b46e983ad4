/**
 * Runs the benchmark page in a Chromium launched directly — not through Playwright, whose debugging
 * connection copies every WebSocket frame to its driver and cuts throughput four- to five-fold — against
 * an in-process backend, and collects the report the page POSTs back.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { startBackend, type Backend } from '../../../src-main/backend.js';
import { createLogger } from '../../../src-main/util/log.js';
import type { ProbeConfig, ProbeReport } from '../../../src-renderer/bench/probe.js';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../e2e/chromium.js';
import { processTree } from './processTree.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BENCH_DIR = path.join(ROOT, 'dist', 'bench');
const REPORT_PATH = '/__bench/report';

/** Builds the benchmark page once per run (the real app plus the probe). */
export function buildBenchPage(): void {
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      ...['build', '--mode', 'bench', '--logLevel', 'warn'],
      // BENCH_MINIFY=0 keeps function names readable in a profile.
      ...(process.env.BENCH_MINIFY === '0' ? ['--minify', 'false'] : []),
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

export interface ProbeSession {
  backend: Backend;
  report: Promise<ProbeReport>;
  /** Stops the backend and starts a new one on the same port and token; resolves when it accepts again. */
  restart(downMs: number): Promise<{ acceptingAtMs: number }>;
  close(): Promise<void>;
}

/** Starts a backend serving the bench page and a headless Chromium on it; resolves the report when posted. */
export async function runProbe(
  config: Omit<ProbeConfig, 'reportPath'>,
  options: { port?: number; token?: string; timeoutMs: number },
): Promise<ProbeSession> {
  if (!existsSync(path.join(BENCH_DIR, 'bench.html'))) buildBenchPage();
  let resolveReport!: (report: ProbeReport) => void;
  let rejectReport!: (err: Error) => void;
  const report = new Promise<ProbeReport>((resolve, reject) => {
    resolveReport = resolve;
    rejectReport = reject;
  });
  const routes: NonNullable<Parameters<typeof startBackend>[0]['httpRoutes']> = {
    [REPORT_PATH]: (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(204).end();
        resolveReport(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ProbeReport);
      });
    },
  };
  // A throwaway data folder, kept across restarts within the session and removed at close.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'benchtop-bench-data-'));
  const launchBackend = (port: number, token: string | undefined): Promise<Backend> =>
    startBackend({
      log: createLogger('warn'),
      staticDir: BENCH_DIR,
      port,
      token,
      seed: 7,
      dataDir,
      httpRoutes: routes,
    });
  let backend = await launchBackend(options.port ?? 0, options.token);
  const encoded = Buffer.from(JSON.stringify({ ...config, reportPath: REPORT_PATH })).toString('base64');
  const url = `http://127.0.0.1:${backend.port}/bench.html#token=${backend.token}&bench=${encodeURIComponent(encoded)}`;
  const session: ProbeSession = {
    backend,
    report,
    async restart(downMs) {
      const { port, token } = backend;
      await backend.close();
      await new Promise((r) => setTimeout(r, downMs));
      backend = await launchBackend(port, token);
      session.backend = backend;
      return { acceptingAtMs: Date.now() };
    },
    close: async () => {},
  };
  const browser = launchChromium(url, { width: 1400, height: 1000 });
  const timer = setTimeout(
    () => rejectReport(new Error(`no report from the page within ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  void browser.exited.then((code) => rejectReport(new Error(`chromium exited early (${code})`)));
  report.finally(() => clearTimeout(timer)).catch(() => {});
  session.close = async () => {
    clearTimeout(timer);
    await browser.close();
    await backend.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  return session;
}

export interface Chromium {
  /** The browser process's pid (its renderer, GPU and network processes are its descendants). */
  pid: number;
  /** Its fresh profile folder (where `--remote-debugging-port=0` writes DevToolsActivePort). */
  profileDir: string;
  /** Resolves with the exit code if the browser ends before `close()`. */
  exited: Promise<number | null>;
  /** Kills the browser by its pid and removes its fresh profile. */
  close(): Promise<void>;
}

/** Whether a process is still running (a zombie waiting for its parent to reap it is not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A headless Chromium on `url` with a fresh profile, launched directly (no debugging connection). */
export function launchChromium(
  url: string,
  window: { width: number; height: number },
  extraFlags: readonly string[] = [],
): Chromium {
  const profile = mkdtempSync(path.join(tmpdir(), 'benchtop-chromium-'));
  const executable = chromiumExecutable() ?? '/usr/bin/chromium';
  const flags = ['--headless', ...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'];
  // BENCH_DEBUG=1 shows the page's console (Chromium logs it to stderr) when a scenario misbehaves.
  const debug = process.env.BENCH_DEBUG === '1';
  if (debug) flags.push('--enable-logging=stderr', '--v=0');
  // BENCH_CHROMIUM_FLAGS adds flags for an investigation, e.g. --remote-debugging-port=9333 for a profiler
  // (attach to the Profiler domain only: enabling Network copies every WebSocket frame, see above).
  flags.push(...(process.env.BENCH_CHROMIUM_FLAGS ?? '').split(' ').filter(Boolean), ...extraFlags);
  const browser = spawn(
    executable,
    [...flags, `--user-data-dir=${profile}`, `--window-size=${window.width},${window.height}`, url],
    { stdio: debug ? ['ignore', 'inherit', 'inherit'] : 'ignore' },
  );
  let closing = false;
  const exited = new Promise<number | null>((resolve) =>
    browser.once('exit', (code) => {
      if (!closing) resolve(code);
    }),
  );
  return {
    pid: browser.pid ?? 0,
    profileDir: profile,
    exited,
    close: async () => {
      closing = true;
      // Its renderer, GPU and utility processes too, by pid: killed alone, the browser leaves them to notice
      // and exit in their own time, and one still writing its profile failed the removal below (ENOTEMPTY).
      const children = browser.pid === undefined ? [] : processTree(browser.pid).slice(1);
      if (browser.exitCode === null && browser.signalCode === null) {
        const gone = new Promise((r) => browser.once('exit', r));
        browser.kill('SIGKILL');
        await gone;
      }
      for (const child of children) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      const deadline = Date.now() + 5_000;
      while (children.some((c) => running(c.pid)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
