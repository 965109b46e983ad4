/**
 * What this machine adds to a round trip between two processes, with no SCPI and no Benchtop code: a bare
 * socket sends a line to a child (lib/wakeFloorChild.ts), which answers after the emulated reply latency;
 * the time beyond that latency is the floor any driver pays with its instrument in another process (each
 * side woken from idle by the other's packet). scopeScpi reports it beside the emulator-in-its-own-process
 * figure: that rig pays it on every query, and the link model's bound does not count it.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wakeFloorChild.ts');

/** Mean time beyond `replyLatencyMs` of one round trip to another process, ms, over `trips` after a warm-up. */
export async function crossProcessWakeMs(replyLatencyMs: number, trips: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, String(replyLatencyMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`wake floor child exited with ${code}`)));
    });
    const { port } = JSON.parse(line) as { port: number };
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const trip = (): Promise<number> =>
      new Promise((resolve) => {
        const startMs = performance.now();
        socket.once('data', () => resolve(performance.now() - startMs));
        socket.write('q\n');
      });
    for (let i = 0; i < Math.min(200, trips); i++) await trip();
    let totalMs = 0;
    for (let i = 0; i < trips; i++) totalMs += await trip();
    socket.destroy();
    return totalMs / trips - replyLatencyMs;
  } finally {
    child.stdin.end();
    child.kill();
  }
}
