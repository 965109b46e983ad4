/**
 * 50 connections × 10 streams on loopback for a short, bounded time (LOAD_TEST_S, default 2 s): every
 * stream starts, data flows on every kind, no errors or unexpected closes, everything released afterwards.
 * Rates and memory under this load are figures of the machine, not of the logic: they are
 * `npm run bench -- load` (60 s, against the nominal rates), not assertions here.
 */
import { describe, expect, it } from 'vitest';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { runLoad, startLoadBackend } from '../../helpers/loadRun.js';
import { until } from '../../helpers/testBackend.js';

const DURATION_S = Number(process.env.LOAD_TEST_S ?? 2);

describe('load', () => {
  const fixture = useTestBackend({ starter: startLoadBackend });

  it(
    `serves 50 connections x 10 streams for ${DURATION_S} s and releases them`,
    async () => {
      // runLoad throws unless every one of the 500 streams was started.
      const result = await runLoad(fixture.backend, { connections: 50, durationS: DURATION_S });
      expect(result.errors).toBe(0);
      expect(result.unexpectedCloses).toBe(0);
      expect(result.messagesPerS).toBeGreaterThan(0);
      expect(result.binaryFramesPerS).toBeGreaterThan(0);
      await until(() => fixture.backend.server.connectionCount === 0, 'every connection to close');
      expect(fixture.backend.streams.producerCount).toBe(0);
    },
    (DURATION_S + 120) * 1000,
  );
});
