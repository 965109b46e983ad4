/**
 * The fleet over a real nats-server with JetStream: a bench agent joins, its readings flow, control by
 * request/reply under the lease, backfill without duplicates, the bench away and back (seq and lease
 * resumed, the gap marked), a broker restart mid-run, and an agent process SIGSTOP'd shown offline.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFleetWaveformFrame } from '../../../shared/codec/fleetWaveformFrame.js';
import { type FleetRequest, type ServerMessage } from '../../../shared/protocol/index.js';
import { TestClient } from '../../helpers/testBackend.js';
import { type Backend, startBackend } from '../../../src-main/backend.js';
import { BenchAgent, connectToFleet, FleetBridge, parseNatsUrl } from '../../../src-main/fleet/index.js';
import { FleetWatcher } from '../../../src-main/fleet/FleetWatcher.js';
import { silentLogger } from '../../../src-main/util/index.js';
import { messagesOf, waitFor, writeSimBench } from './fleetHelpers.js';
import { natsServerMissing, NatsServer } from './natsServer.js';

const missing = natsServerMissing();
const repoRoot = path.resolve(import.meta.dirname, '../../..');

describe.skipIf(missing !== undefined)(
  `fleet over NATS JetStream${missing ? ` — SKIPPED: ${missing}` : ''}`,
  () => {
    let server: NatsServer;
    let dir: string;
    let benchFile: string;
    let backend: Backend;
    let agentNc: NatsConnection;
    let watcherNc: NatsConnection;
    let agent: BenchAgent;
    let watcher: FleetWatcher;
    const extra: { close(): unknown }[] = [];
    const children: ChildProcess[] = [];

    const connect = (name: string) =>
      connectToFleet({ url: parseNatsUrl(server.url), credentials: {}, name, log: silentLogger });
    const command = (from: string, cmd: Record<string, unknown>): FleetRequest => ({
      kind: 'command',
      from,
      command: cmd,
    });
    const setVoltage = (from: string, voltageV: number): FleetRequest =>
      command(from, {
        type: 'set_parameter',
        request_id: `${from}-${voltageV}`,
        equipment_id: 'psu',
        channel: 1,
        parameter: 'voltage_set',
        value: voltageV,
      });
    const readingsOf = (w: FleetWatcher, bench: string) =>
      (w.history(bench)?.records ?? []).filter((r) => r.kind === 'readings');

    beforeAll(async () => {
      server = await NatsServer.start();
      dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-fleet-'));
      benchFile = await writeSimBench(dir);
      backend = await startBackend({
        log: silentLogger,
        dataDir: path.join(dir, 'a'),
        benchFile,
        serveHttp: false,
        seed: 1,
      });
      agentNc = await connect('agent a');
      watcherNc = await connect('dashboard');
      agent = new BenchAgent({
        nc: agentNc,
        bench: 'bench-a',
        backend,
        log: silentLogger,
        leaseTtlMs: 10_000,
      });
      await agent.start();
      watcher = new FleetWatcher({ nc: watcherNc, log: silentLogger });
      watcher.start();
    });

    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      for (const e of extra) await e.close();
      watcher?.close();
      await agent?.close();
      await agentNc?.close();
      await watcherNc?.close();
      await backend?.close();
      await server?.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    it('an agent joins and its readings, measurements and decimated waveforms flow', async () => {
      await waitFor(() => watcher.benches().some((b) => b.bench === 'bench-a' && b.online), 'bench-a online');
      expect(
        watcher
          .benches()
          .find((b) => b.bench === 'bench-a')
          ?.equipmentIds.sort(),
      ).toEqual(['psu', 'scope']);
      await waitFor(() => readingsOf(watcher, 'bench-a').length >= 5, 'five readings');
      await waitFor(
        () => (watcher.history('bench-a')?.records ?? []).some((r) => r.kind === 'measurements'),
        'a measurement',
      );
      const { subject, data } = await new Promise<{ subject: string; data: Uint8Array }>((resolve) => {
        const sub = watcherNc.subscribe('benchtop.bench.bench-a.waveform.scope.>', {
          max: 1,
          callback: (_err, msg) => resolve({ subject: msg.subject, data: msg.data }),
        });
        extra.push({ close: () => sub.unsubscribe() });
      });
      // Binary (kind 5): a checked header and float32 min/max, on its own channel's subject.
      const parsed = decodeFleetWaveformFrame(data);
      expect(subject).toBe(`benchtop.bench.bench-a.waveform.scope.${parsed.channel}`);
      expect(parsed).toMatchObject({ bench: 'bench-a', equipment_id: 'scope' });
      expect(parsed.min_max.length).toBe(parsed.columns * 2);
      expect(parsed.min_max.length).toBeGreaterThan(0);
      expect(parsed.min_max.length).toBeLessThanOrEqual(1_200);
      expect(parsed.samples).toBeGreaterThanOrEqual(parsed.columns);
    });

    it("streams a scope's measurements at its waveform period, so both share one fresh acquisition", async () => {
      const ratesBackend = await startBackend({
        log: silentLogger,
        dataDir: path.join(dir, 'rates'),
        benchFile,
        serveHttp: false,
        seed: 5,
      });
      const ratesAgent = new BenchAgent({
        nc: agentNc,
        bench: 'bench-rates',
        backend: ratesBackend,
        log: silentLogger,
        readingsIntervalMs: 10,
        waveformIntervalMs: 100,
      });
      // Both go when this test ends: left running on the shared connection until afterAll, this second
      // agent (readings every 10 ms) made bench-a's control requests in a later test fail at once as busy.
      try {
        await ratesAgent.start();
        const periods = Object.fromEntries(
          ratesBackend.streams.producers().map((p) => [`${p.host.id} ${p.streamType}`, p.intervalMs]),
        );
        expect(periods).toEqual({
          'psu readings': 10,
          'scope waveform': 100,
          'scope measurements': 100,
        });
      } finally {
        await ratesAgent.close();
        await ratesBackend.close();
      }
    });

    it('answers observers by request/reply with the WebSocket replies and validates every request', async () => {
      const info = messagesOf(
        await watcher.request('bench-a', command('dash-1', { type: 'get_info', request_id: 'i1' })),
      );
      expect(info[0]).toMatchObject({ type: 'info', request_id: 'i1' });
      const unknown = await watcher.request('bench-a', command('dash-1', { type: 'launch_rocket' }));
      expect(unknown).toMatchObject({ kind: 'error', code: 'unknown_type' });
      const stream = await watcher.request(
        'bench-a',
        command('dash-1', { type: 'start_stream', equipment_id: 'psu', stream_type: 'readings' }),
      );
      expect(stream).toMatchObject({ kind: 'error', code: 'invalid_message' });
      const raw = await watcherNc.request('benchtop.bench.bench-a.control', '{"kind":"lease"', {
        timeout: 5_000,
      });
      expect(raw.json()).toMatchObject({ kind: 'error', code: 'bad_json' });
      const bad = await watcherNc.request(
        'benchtop.bench.bench-a.control',
        JSON.stringify({ kind: 'command' }),
        {
          timeout: 5_000,
        },
      );
      expect(bad.json()).toMatchObject({ kind: 'error', code: 'invalid_message' });
      // No agent subscribes: the broker says so at once (503), which is not a bench too slow to answer.
      const nobody = await watcher.request('bench-nowhere', command('dash-1', { type: 'ping' }), 1_000);
      expect(nobody).toEqual({
        kind: 'error',
        code: 'not_found',
        message: 'bench bench-nowhere is not on the fleet: no agent is listening for it',
      });
    });

    it('refuses control without the lease, naming the holder, and hands it over within 250 ms', async () => {
      const free = await watcher.request('bench-a', setVoltage('dash-2', 3));
      expect(free).toMatchObject({ kind: 'error', code: 'lease_held' });
      expect(
        await watcher.request('bench-a', { kind: 'lease', from: 'dash-1', action: 'take' }),
      ).toMatchObject({
        kind: 'lease',
        lease: { holder: 'dash-1' },
      });
      const refused = await watcher.request('bench-a', setVoltage('dash-2', 4));
      expect(refused).toMatchObject({ kind: 'error', code: 'lease_held', details: { holder: 'dash-1' } });
      if (refused.kind === 'error') expect(refused.message).toContain('held by dash-1');
      const done = messagesOf(await watcher.request('bench-a', setVoltage('dash-1', 5)));
      expect(done[0]).toMatchObject({ type: 'parameter_set', request_id: 'dash-1-5' });
      const startMs = performance.now();
      const handed = await watcher.request('bench-a', {
        kind: 'lease',
        from: 'dash-1',
        action: 'hand_over',
        to: 'dash-2',
      });
      const handOverMs = performance.now() - startMs;
      expect(handed).toMatchObject({ kind: 'lease', lease: { holder: 'dash-2' } });
      expect(handOverMs).toBeLessThan(250);
      expect(messagesOf(await watcher.request('bench-a', setVoltage('dash-2', 6)))[0]).toMatchObject({
        type: 'parameter_set',
      });
      const old = await watcher.request('bench-a', setVoltage('dash-1', 7));
      expect(old).toMatchObject({ kind: 'error', code: 'lease_held', details: { holder: 'dash-2' } });
      await waitFor(
        () => watcher.benches().find((b) => b.bench === 'bench-a')?.lease.holder === 'dash-2',
        'presence shows the new holder',
      );
    });

    it('a dashboard that joins later backfills the history without duplicates or holes', async () => {
      const nc = await connect('late dashboard');
      extra.push({ close: () => nc.close() });
      const late = new FleetWatcher({ nc, log: silentLogger });
      extra.push(late);
      late.start();
      const target = agent.seq;
      await waitFor(
        () => (late.history('bench-a')?.records.at(-1)?.seq ?? 0) >= target,
        'backfill up to now',
      );
      const seqs = (late.history('bench-a')?.records ?? []).map((r) => r.seq);
      // The agent started well inside the last 60 s: the backfill starts at its first record.
      expect(seqs[0]).toBe(1);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe((seqs[i - 1] ?? 0) + 1);
      expect(late.history('bench-a')?.gaps).toEqual([]);
    });

    it('a bench away and back resumes its seq and lease, and the gap is marked', async () => {
      const before = agent.seq;
      await agent.close();
      // Its control subject unsubscribed (close flushes): a known bench with nobody listening is offline.
      const away = await watcher.request('bench-a', command('dash-1', { type: 'ping' }));
      expect(away).toMatchObject({ kind: 'error', code: 'not_found' });
      expect(away.kind === 'error' && away.message).toMatch(
        /^bench bench-a is offline: no agent is listening/,
      );
      await new Promise((r) => setTimeout(r, 1_500));
      agent = new BenchAgent({
        nc: agentNc,
        bench: 'bench-a',
        backend,
        log: silentLogger,
        leaseTtlMs: 10_000,
      });
      await agent.start();
      expect(agent.seq).toBeGreaterThanOrEqual(before);
      const lease = await watcher.request('bench-a', { kind: 'lease', from: 'dash-2', action: 'renew' });
      expect(lease, JSON.stringify(lease)).toMatchObject({ kind: 'lease', lease: { holder: 'dash-2' } });
      expect(await watcher.request('bench-a', setVoltage('dash-1', 8))).toMatchObject({
        details: { holder: 'dash-2' },
      });
      await waitFor(() => (watcher.history('bench-a')?.gaps.length ?? 0) > 0, 'a gap marked');
      const gap = watcher.history('bench-a')?.gaps[0];
      expect(gap?.missingRecords).toBe(0);
      expect((gap?.toMs ?? 0) - (gap?.fromMs ?? 0)).toBeGreaterThanOrEqual(1_000);
    });

    it('survives a broker restart: agent and dashboard reconnect, history resumes, lost records are a gap', async () => {
      await waitFor(() => watcher.history('bench-a') !== undefined, 'history followed');
      const lastBefore = watcher.history('bench-a')?.records.at(-1)?.seq ?? 0;
      await server.restart(1_500);
      await waitFor(
        () => (watcher.history('bench-a')?.records.at(-1)?.seq ?? 0) > lastBefore + 20,
        () =>
          `records after the restart (agent seq ${agent.seq}, failures ${agent.publishFailures}, watcher ${watcher.history('bench-a')?.records.at(-1)?.seq}, before ${lastBefore})`,
        30_000,
      );
      const records = watcher.history('bench-a')?.records ?? [];
      const gaps = watcher.history('bench-a')?.gaps ?? [];
      for (let i = 1; i < records.length; i++) {
        const prev = records[i - 1];
        const next = records[i];
        if (prev === undefined || next === undefined) continue;
        expect(next.seq).toBeGreaterThan(prev.seq);
        // Any record lost while the broker was down is a marked gap, never silently joined.
        if (next.seq !== prev.seq + 1) {
          const missing = next.seq - prev.seq - 1;
          expect(gaps.some((g) => g.toMs === next.timestamp && g.missingRecords === missing)).toBe(true);
        }
      }
      const info = messagesOf(
        await watcher.request('bench-a', command('dash-1', { type: 'ping', request_id: 'p' })),
      );
      expect(info[0]).toMatchObject({ type: 'pong' });
    });

    it('an agent process that is SIGSTOPped shows offline within 5 s; the other bench is unaffected', async () => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'src-main/cli.ts',
          'agent',
          '--nats',
          server.url,
          '--bench',
          benchFile,
          '--name',
          'bench-b',
          '--data-dir',
          path.join(dir, 'b'),
          '--log-level',
          'warn',
        ],
        { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      children.push(child);
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
      try {
        await waitFor(
          () => watcher.benches().some((b) => b.bench === 'bench-b' && b.online),
          `bench-b online (agent stderr: ${stderr})`,
          90_000,
        );
        child.kill('SIGSTOP');
        const offlineMs = await waitFor(
          () => watcher.benches().some((b) => b.bench === 'bench-b' && !b.online),
          'bench-b offline',
          10_000,
        );
        expect(offlineMs).toBeLessThan(5_000);
        expect(watcher.benches().find((b) => b.bench === 'bench-a')?.online).toBe(true);
        child.kill('SIGCONT');
        await waitFor(() => watcher.benches().some((b) => b.bench === 'bench-b' && b.online), 'bench-b back');
      } finally {
        child.kill('SIGCONT');
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }, 150_000);

    it('a dashboard backend on the fleet bridges it to its WebSocket: get_fleet, fleet_command, fleet_lease, history', async () => {
      const bridge = new FleetBridge({ watcher, controllerId: 'dashboard-test', log: silentLogger });
      extra.push(bridge);
      const dashboard = await startBackend({
        log: silentLogger,
        dataDir: path.join(dir, 'dashboard'),
        benchFile,
        fleet: bridge,
        seed: 2,
      });
      extra.push({ close: () => dashboard.close() });
      const client = await TestClient.connect(dashboard);
      extra.push({ close: () => client.close() });
      const fleet = await client.request<ServerMessage & { type: 'fleet' }>({ type: 'get_fleet' });
      expect(fleet.type).toBe('fleet');
      expect(fleet.controller).toBe('dashboard-test');
      expect(fleet.benches.find((b) => b.bench === 'bench-a')?.online).toBe(true);
      // The agent's run, so a dashboard that opened the bench tells a restarted agent.
      expect(fleet.benches.find((b) => b.bench === 'bench-a')?.instance_id).toBe(agent.instanceId);
      const reply = await client.request({
        type: 'fleet_command',
        bench: 'bench-a',
        command: { type: 'get_info' },
      });
      expect(reply).toMatchObject({ type: 'fleet_reply', bench: 'bench-a', messages: [{ type: 'info' }] });
      // Another controller holds it, then hands it over from its own UI.
      expect(
        await watcher.request('bench-a', { kind: 'lease', from: 'dash-2', action: 'take' }),
      ).toMatchObject({
        kind: 'lease',
      });
      const refused = await client.request({ type: 'fleet_lease', bench: 'bench-a', action: 'take' });
      expect(refused).toMatchObject({ type: 'error', code: 'lease_held', details: { holder: 'dash-2' } });
      await watcher.request('bench-a', {
        kind: 'lease',
        from: 'dash-2',
        action: 'hand_over',
        to: 'dashboard-test',
      });
      const set = await client.request({
        type: 'fleet_command',
        bench: 'bench-a',
        command: {
          type: 'set_parameter',
          request_id: 's',
          equipment_id: 'psu',
          channel: 1,
          parameter: 'voltage_set',
          value: 2,
        },
      });
      expect(set).toMatchObject({
        type: 'fleet_reply',
        messages: [{ type: 'parameter_set', request_id: 's' }],
      });
      // The bridge adopts the lease it was handed and keeps it alive.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(bridge.held()).toEqual(['bench-a']);
      const history = await client.request({ type: 'get_fleet_history', bench: 'bench-a' });
      expect(history).toMatchObject({ type: 'fleet_history', bench: 'bench-a' });
      const released = await client.request({ type: 'fleet_lease', bench: 'bench-a', action: 'release' });
      expect(released).toMatchObject({ type: 'fleet_lease', lease: {} });
      expect(bridge.held()).toEqual([]);
      const bad = await client.request({ type: 'fleet_command', bench: 'no such bench', command: {} });
      expect(bad).toMatchObject({ type: 'error', code: 'invalid_message' });
    });

    it('without --nats the fleet commands answer not_found and nothing else changes', async () => {
      const alone = await startBackend({
        log: silentLogger,
        dataDir: path.join(dir, 'alone'),
        benchFile,
        seed: 3,
      });
      extra.push({ close: () => alone.close() });
      const client = await TestClient.connect(alone);
      extra.push({ close: () => client.close() });
      const reply = await client.request({ type: 'get_fleet' });
      expect(reply).toMatchObject({ type: 'error', code: 'not_found' });
      if (reply.type === 'error') expect(reply.message).toContain('--nats');
    });
  },
);
