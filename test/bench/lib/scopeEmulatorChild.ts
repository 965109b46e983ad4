/**
 * The DS1054Z emulator in a process of its own, for scopeScpi (a real scope is not in the driver's process;
 * `npm run emulate` runs it alone too). Run as `node --import tsx scopeEmulatorChild.ts <replyLatencyMs>
 * <rateBytesPerS>`; prints `{"port":N}` when listening, then answers lines on stdin with one JSON line
 * each: `mark` starts a measuring window (`{"marked":true}`), `report` gives the emulator's lateness and
 * CPU time since the mark (`{"lateMs":…,"cpuMs":…}`). It closes when stdin ends.
 */
import { createInterface } from 'node:readline';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { ds1054zEmulator } from '../../../src-main/emulators/ds1054z/index.js';
import { measuredSessionTime } from './emulatorLateness.js';
import { cpuMs } from './scpiBound.js';

export interface ChildReport {
  lateMs: number;
  cpuMs: number;
}

async function main(): Promise<void> {
  const [latency, rate] = process.argv.slice(2).map(Number);
  const lateness = measuredSessionTime();
  const server = await EmulatorServer.start(ds1054zEmulator, {
    port: 0,
    replyLatencyMs: latency,
    rateBytesPerS: rate,
    time: lateness.time,
  });
  let cpuAtMarkMs = cpuMs();
  const reply = (value: unknown): boolean => process.stdout.write(`${JSON.stringify(value)}\n`);
  reply({ port: server.address.port });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line === 'mark') {
      lateness.reset();
      cpuAtMarkMs = cpuMs();
      reply({ marked: true });
    } else if (line === 'report') {
      reply({ lateMs: lateness.lateMs(), cpuMs: cpuMs() - cpuAtMarkMs } satisfies ChildReport);
    }
  });
  lines.once('close', () => void server.close().then(() => process.exit(0)));
}

void main();
