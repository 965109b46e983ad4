/**
 * A bench's history records as core publishes with a message id, against a real nats-server: each lands
 * once in the bench's stream (a record sent again after a broker restart too), and records the stream did
 * not store are counted by the audit rather than by an acknowledgement per record.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../shared/protocol/index.js';
import { startBackend } from '../../../src-main/backend.js';
import { BenchAgent, connectToFleet, parseNatsUrl } from '../../../src-main/fleet/index.js';
import { HistoryPublisher } from '../../../src-main/fleet/HistoryPublisher.js';
import { ensureHistoryStream, lastStoredSeq } from '../../../src-main/fleet/historyStream.js';
import { benchSubjects, historyStreamName } from '../../../src-main/fleet/subjects.js';
import { silentLogger } from '../../../src-main/util/index.js';
import { waitFor, writeSimBench } from './fleetHelpers.js';
import { natsServerMissing, NatsServer } from './natsServer.js';

const missing = natsServerMissing();

const reading = (bench: string, seq: number): HistoryRecord => ({
  bench,
  seq,
  timestamp: 1_000 + seq,
  kind: 'readings',
  equipment_id: 'psu',
  data: [{ channel: 1, voltage_v: seq }],
});

// Skipped only where Debian's nats-server is not installed (`npm test`'s set-up installs it); the title
// then names what is missing, so the skip is never silent.
describe.skipIf(missing !== undefined)(
  `history records as core publishes${missing ? ` — SKIPPED: ${missing}` : ''}`,
  () => {
    let server: NatsServer;
    let nc: NatsConnection;
    let jsm: JetStreamManager;

    const start = async (bench: string): Promise<HistoryPublisher> => {
      await ensureHistoryStream(jsm, bench, { maxAgeMs: 600_000, maxBytes: 16 * 1024 * 1024 });
      const stored = await lastStoredSeq(jsm, bench);
      return new HistoryPublisher({ nc, jsm, bench, log: silentLogger, streamSeq: stored.streamSeq });
    };
    const storedMessages = async (bench: string): Promise<number> =>
      (await jsm.streams.info(historyStreamName(bench))).state.messages;

    beforeAll(async () => {
      server = await NatsServer.start();
      nc = await connectToFleet({
        url: parseNatsUrl(server.url),
        credentials: {},
        name: 'history publisher',
        log: silentLogger,
      });
      jsm = await jetstreamManager(nc);
    });

    afterAll(async () => {
      await nc?.close();
      await server?.dispose();
    });

    /** Polls the stream until it holds `n` messages; fails naming what it holds. */
    const storedBecomes = async (bench: string, n: number): Promise<void> => {
      let stored = -1;
      for (let i = 0; i < 250 && stored !== n; i++) {
        stored = await storedMessages(bench).catch(() => -1);
        if (stored !== n) await new Promise((r) => setTimeout(r, 20));
      }
      expect(stored).toBe(n);
    };

    it('stores each record once, also one sent again after a broker restart; nothing counted lost', async () => {
      const bench = 'bench-once';
      const history = await start(bench);
      const subject = benchSubjects(bench).readings('psu');
      for (let seq = 1; seq <= 20; seq++) history.publish(subject, reading(bench, seq));
      await storedBecomes(bench, 20);

      const reconnected = (async () => {
        for await (const status of nc.status()) if (status.type === 'reconnect') return;
      })();
      await server.restart(500);
      await reconnected;
      // The last records again, as a client re-sending over the reconnect would: same subject, same id.
      for (let seq = 15; seq <= 20; seq++) {
        const h = headers();
        h.set('Nats-Msg-Id', `${bench}-${seq}`);
        nc.publish(subject, JSON.stringify(reading(bench, seq)), { headers: h });
      }
      for (let seq = 21; seq <= 25; seq++) history.publish(subject, reading(bench, seq));
      // Record 25 is sent last: once it is the newest stored, the stream's sequence says how many landed.
      let last = { seq: 0, streamSeq: 0 };
      for (let i = 0; i < 250 && last.seq !== 25; i++) {
        last = await lastStoredSeq(jsm, bench);
        if (last.seq !== 25) await new Promise((r) => setTimeout(r, 20));
      }
      expect(last).toEqual({ seq: 25, streamSeq: 25 });
      expect(await storedMessages(bench)).toBe(25);
      // Two audits: the second finds everything sent before the first stored.
      await history.check();
      await history.check();
      expect(history.failures).toBe(0);
    });

    it('counts records the stream refused as failures (each a seq gap readers mark)', async () => {
      const bench = 'bench-refused';
      const history = await start(bench);
      const subject = benchSubjects(bench).readings('psu');
      history.publish(subject, reading(bench, 1));
      await storedBecomes(bench, 1);
      // The stream now refuses anything larger than 16 bytes: the next records are not stored.
      const name = historyStreamName(bench);
      const info = await jsm.streams.info(name);
      await jsm.streams.update(name, { ...info.config, max_msg_size: 16 });
      for (let seq = 2; seq <= 6; seq++) history.publish(subject, reading(bench, seq));
      await new Promise((r) => setImmediate(r));
      await nc.flush();
      await history.check();
      expect(history.failures).toBe(0);
      await history.check();
      expect(history.failures).toBe(5);
      expect(await storedMessages(bench)).toBe(1);
    });

    it('a bench agent counts the records its stream stopped storing, within two presence ticks', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-history-'));
      const backend = await startBackend({
        log: silentLogger,
        dataDir: dir,
        benchFile: await writeSimBench(dir),
        serveHttp: false,
        seed: 3,
      });
      const agent = new BenchAgent({
        nc,
        bench: 'bench-agent',
        backend,
        log: silentLogger,
        presenceIntervalMs: 100,
      });
      try {
        await agent.start();
        const name = historyStreamName('bench-agent');
        await waitFor(() => agent.seq >= 20, 'records made');
        await new Promise((r) => setTimeout(r, 300));
        expect(agent.publishFailures).toBe(0);
        const info = await jsm.streams.info(name);
        await jsm.streams.update(name, { ...info.config, max_msg_size: 16 });
        const seqAtRefusal = agent.seq;
        await waitFor(
          () => agent.publishFailures >= 10,
          () => `failures counted (${agent.publishFailures})`,
        );
        // Every failure is a record the stream does not hold: never more than were made since it refused.
        const stored = (await jsm.streams.info(name)).state.messages;
        expect(agent.publishFailures).toBeLessThanOrEqual(agent.seq - seqAtRefusal + 1);
        expect(stored).toBeLessThanOrEqual(seqAtRefusal + 1);
      } finally {
        await agent.close();
        await backend.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
