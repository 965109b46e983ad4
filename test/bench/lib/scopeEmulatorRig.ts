/**
 * Where scopeScpi's DS1054Z emulator runs: in the driver's process (`inProcess`) or in a child process of
 * its own (`inChild`, lib/scopeEmulatorChild.ts). Both measure the emulator's lateness (its replies woken
 * past their due time) over a window; the child also its own CPU time, which in-process is part of the
 * driver's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { ds1054zEmulator } from '../../../src-main/emulators/ds1054z/index.js';
import { measuredSessionTime } from './emulatorLateness.js';
import type { ChildReport } from './scopeEmulatorChild.js';
import type { LinkModel } from './scpiBound.js';

export interface EmulatorRig {
  port: number;
  /** Starts the measuring window. */
  mark(): Promise<void>;
  /** Since the mark: the emulator's lateness, ms, and its CPU time when it has a process of its own. */
  report(): Promise<{ lateMs: number; cpuMs: number | undefined }>;
  close(): Promise<void>;
}

export async function inProcess(link: LinkModel): Promise<EmulatorRig> {
  const lateness = measuredSessionTime();
  const server = await EmulatorServer.start(ds1054zEmulator, { port: 0, ...link, time: lateness.time });
  return {
    port: server.address.port,
    mark: async () => lateness.reset(),
    report: async () => ({ lateMs: lateness.lateMs(), cpuMs: undefined }),
    close: () => server.close(),
  };
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scopeEmulatorChild.ts');

export async function inChild(link: LinkModel): Promise<EmulatorRig> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, String(link.replyLatencyMs), String(link.rateBytesPerS)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines: Interface = createInterface({ input: child.stdout! });
  const nextLine = (what: string): Promise<Record<string, number>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`emulator child: no ${what} in 60 s: ${stderr}`)),
        60_000,
      );
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`emulator child exited with ${code}: ${stderr}`));
      };
      child.once('exit', onExit);
      lines.once('line', (line) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(JSON.parse(line) as Record<string, number>);
      });
    });
  const ask = (command: string): Promise<Record<string, number>> => {
    const answer = nextLine(command);
    child.stdin!.write(`${command}\n`);
    return answer;
  };
  const { port } = await nextLine('port');
  return {
    port: port!,
    mark: async () => void (await ask('mark')),
    report: async () => {
      const r = (await ask('report')) as unknown as ChildReport;
      return { lateMs: r.lateMs, cpuMs: r.cpuMs };
    },
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
