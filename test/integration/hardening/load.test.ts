/**
 * 50 connections × 10 streams on loopback for a bounded time (LOAD_TEST_S, default 10 s; the 60 s run
 * is `npm run bench -- load`): no crash, no errors, memory bounded, everything released afterwards.
 */
import { describe, expect, it } from 'vitest';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { runLoad, startLoadBackend } from '../../helpers/loadRun.js';
import { sleep } from '../../helpers/testBackend.js';

const DURATION_S = Number(process.env.LOAD_TEST_S ?? 10);

describe('load', () => {
  const fixture = useTestBackend({ starter: startLoadBackend });

  it(
    `serves 50 connections x 10 streams for ${DURATION_S} s`,
    async () => {
      const result = await runLoad(fixture.backend, { connections: 50, durationS: DURATION_S });
      console.log(`load: ${JSON.stringify(result)}`);
      expect(result.errors).toBe(0);
      expect(result.unexpectedCloses).toBe(0);
      // 50 × (8 readings at 10 Hz + measurements at 4 Hz) ≈ 4,200 JSON messages/s nominal; waveforms as binary.
      expect(result.messagesPerS).toBeGreaterThan(2_000);
      expect(result.binaryFramesPerS).toBeGreaterThan(200);
      expect(result.rssPeakMb - result.rssStartMb).toBeLessThan(400);
      for (let i = 0; i < 100 && fixture.backend.server.connectionCount > 0; i++) await sleep(10);
      expect(fixture.backend.server.connectionCount).toBe(0);
      expect(fixture.backend.streams.producerCount).toBe(0);
    },
    (DURATION_S + 60) * 1000,
  );
});
