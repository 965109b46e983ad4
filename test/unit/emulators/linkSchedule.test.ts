/**
 * The emulated link's timing on an injected clock: LinkSchedule's arithmetic, and a session that waits
 * for its due times while every wake-up comes 0.8 ms late (as timers do on a loaded machine) — the slices
 * of a long block and the next command stay on the schedule instead of drifting by the lateness.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { LinkSchedule } from '../../../src-main/emulators/core/LinkSchedule.js';
import type { EmulatedInstrument, EmulatorDefinition } from '../../../src-main/emulators/core/types.js';
import { definiteBlock } from '../../../src-main/emulators/core/EmulatorSession.js';

describe('LinkSchedule', () => {
  it('starts a command when it arrived or when the previous one settled, whichever is later', () => {
    const schedule = new LinkSchedule({ rateBytesPerS: 1_000_000, replyLatencyMs: 2 });
    expect(schedule.start(10)).toBe(10);
    schedule.settle(10, 5);
    expect(schedule.start(12)).toBe(15);
    expect(schedule.start(20)).toBe(20);
  });

  it('puts each slice of a reply where the link would have carried it, after the reply latency', () => {
    const schedule = new LinkSchedule({ rateBytesPerS: 1_000_000, replyLatencyMs: 2 });
    expect(schedule.reply(100, [1_000, 2_000, 500])).toEqual([103, 105, 105.5]);
    // A reply to a query that started while the link was still busy waits for the link, not more.
    expect(schedule.reply(101, [1_000])).toEqual([106.5]);
    // A stall delays the reply's first byte by its length.
    expect(schedule.reply(200, [1_000], 3_000)).toEqual([3_203]);
  });
});

const BLOCK_BYTES = 200_000;

const blockInstrument: EmulatorDefinition = {
  name: 'block-test',
  description: 'answers :BLK? with a 200,000-byte block; SET settles 5 ms',
  defaultPort: 0,
  rateBytesPerS: 1_000_000,
  replyLatencyMs: 2,
  create: (): EmulatedInstrument => ({
    identity: () => 'TEST,BLOCK,1,1',
    reset: () => undefined,
    commands: [
      { pattern: 'SET', run: () => undefined, settleMs: 5 },
      { pattern: ':BLK?', run: () => definiteBlock(new Uint8Array(BLOCK_BYTES)) },
    ],
  }),
};

describe('EmulatorSession on an injected clock', () => {
  it('keeps a block on schedule across its slices although every wake-up is 0.8 ms late', async () => {
    let nowMs = 0;
    const dues: number[] = [];
    const server = await EmulatorServer.start(blockInstrument, {
      port: 0,
      time: {
        nowMs: () => nowMs,
        sleepUntil: async (dueMs) => {
          dues.push(dueMs);
          nowMs = Math.max(nowMs, dueMs) + 0.8;
        },
      },
    });
    const socket = connect(server.address.port, '127.0.0.1');
    try {
      let received = 0;
      const total = `#6${BLOCK_BYTES}`.length + BLOCK_BYTES + 1;
      const done = new Promise<void>((resolve) => {
        socket.on('data', (chunk) => {
          received += chunk.length;
          if (received >= total) resolve();
        });
      });
      socket.write('SET\n:BLK?\n');
      await done;
      // SET at its arrival (0); :BLK? once SET has settled (5), first byte 2 ms later, then 1 MB/s.
      const slices = [65_536, 131_072, 196_608, total].map((end) => 7 + end / 1_000);
      expect(dues).toEqual([0, 5, ...slices]);
    } finally {
      socket.destroy();
      await server.close();
    }
  });
});
