/** Shared pieces of the fleet tests: a simulated bench file, waiting on a condition, replies. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FleetReply } from '../../../shared/protocol/index.js';

/** A supply and a scope, simulated. */
export async function writeSimBench(dir: string): Promise<string> {
  const file = path.join(dir, 'bench.json');
  await writeFile(
    file,
    JSON.stringify({
      instruments: [
        { id: 'psu', driver: 'sim-psu', label: 'Supply' },
        { id: 'scope', driver: 'sim-scope', label: 'Scope' },
      ],
    }),
  );
  return file;
}

/** Polls `condition` every 20 ms; fails naming `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  what: string | (() => string),
  timeoutMs = 15_000,
): Promise<number> {
  const startMs = performance.now();
  while (!condition()) {
    if (performance.now() - startMs > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms: ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - startMs;
}

export function messagesOf(reply: FleetReply): { type: string; [key: string]: unknown }[] {
  if (reply.kind !== 'messages') throw new Error(`expected messages, got ${JSON.stringify(reply)}`);
  return reply.messages as unknown as { type: string; [key: string]: unknown }[];
}
