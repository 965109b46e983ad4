/**
 * A session's live fleet feed against a fake fleet, with fake timers: the records of every bench that
 * arrived in one turn sent at its end as one `fleet_live` (a batch per bench, seq order, never a record
 * twice), waveforms only when asked and latest-wins while the socket is full, a congested session retried
 * every 50 ms, a bounded wait for a lagging session, nothing after unsubscribe, and `fleet` pushed on change.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  decodeFleetWaveformBundle,
  encodeFleetWaveformBundle,
} from '../../../shared/codec/fleetWaveformBundle.js';
import {
  encodeFleetWaveformFrame,
  type FleetWaveformBytes,
  readFleetWaveformHeader,
} from '../../../shared/codec/fleetWaveformFrame.js';
import type { HistoryRecord, ServerMessage } from '../../../shared/protocol/index.js';
import { type FleetAccess, FleetFeed } from '../../../src-main/server/fleet/index.js';

function fakeFleet() {
  const records = new Set<(bench: string, r: HistoryRecord) => void>();
  const waveforms = new Map<string, Set<(w: FleetWaveformBytes) => void>>();
  const changes = new Set<() => void>();
  const lastSeq = new Map<string, number>([
    ['bench-a', 10],
    ['bench-b', 20],
  ]);
  const fleet: FleetAccess = {
    controllerId: 'dash',
    benches: () => [{ bench: 'bench-a', online: true, last_seen: 0, equipment_ids: ['psu'], lease: {} }],
    history: () => undefined,
    command: () => Promise.reject(new Error('unused')),
    lease: () => Promise.reject(new Error('unused')),
    lastSeq: (bench) => lastSeq.get(bench),
    onRecord: (l) => {
      records.add(l);
      return () => records.delete(l);
    },
    watchWaveforms: (bench, l) => {
      const set = waveforms.get(bench) ?? new Set();
      waveforms.set(bench, set);
      set.add(l);
      return () => set.delete(l);
    },
    onBenchesChanged: (l) => {
      changes.add(l);
      return () => changes.delete(l);
    },
  };
  return {
    fleet,
    record(seq: number, bench = 'bench-a'): void {
      const r: HistoryRecord = {
        bench,
        seq,
        timestamp: seq,
        kind: 'readings',
        equipment_id: 'psu',
        data: {},
      };
      lastSeq.set(bench, seq);
      for (const l of records) l(bench, r);
    },
    /** Publishes a waveform frame as WaveformWatches hands it on; returns its bytes. */
    waveform(channel: number, timestamp: number, bench = 'bench-a'): Uint8Array {
      const bytes = encodeFleetWaveformFrame(
        { bench, equipment_id: 'scope', channel, timestamp, sample_rate_hz: 1e6, x0_s: 0, samples: 4 },
        new Float32Array([0, 1]),
      );
      const w: FleetWaveformBytes = { header: readFleetWaveformHeader(bytes), bytes };
      for (const l of waveforms.get(bench) ?? []) l(w);
      return bytes;
    },
    change(): void {
      for (const l of changes) l();
    },
    listeners: () => ({
      records: records.size,
      waveforms: [...waveforms.values()].reduce((n, s) => n + s.size, 0),
    }),
  };
}

describe('FleetFeed', () => {
  let sent: ServerMessage[];
  let congested: boolean;
  let fake: ReturnType<typeof fakeFleet>;
  let feed: FleetFeed;
  const live = () =>
    sent.filter((m): m is Extract<ServerMessage, { type: 'fleet_live' }> => m.type === 'fleet_live');
  /** Each `fleet_live` message as its batches' seqs, by bench. */
  const liveSeqs = () =>
    live().map((m) => Object.fromEntries(m.benches.map((b) => [b.bench, b.records.map((r) => r.seq)])));
  const seqsOf = (bench: string) =>
    live().flatMap((m) =>
      m.benches.filter((b) => b.bench === bench).flatMap((b) => b.records.map((r) => r.seq)),
    );
  const waves = () =>
    sent.filter((m): m is Extract<ServerMessage, { type: 'fleet_waveform' }> => m.type === 'fleet_waveform');

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    congested = false;
    fake = fakeFleet();
    feed = new FleetFeed({
      fleet: fake.fleet,
      send: (m) => sent.push(m),
      congested: () => congested,
      maxPendingRecords: 100,
    });
  });

  afterEach(() => {
    feed.dispose();
    vi.useRealTimers();
  });

  it('answers an unknown bench with undefined and subscribes a known one from its last seq', () => {
    expect(feed.subscribe('bench-x', false)).toBeUndefined();
    expect(feed.subscribe('bench-a', false)).toBe(10);
    fake.record(10); // already covered by last_seq
    fake.record(11);
    vi.advanceTimersByTime(0);
    expect(liveSeqs()).toEqual([{ 'bench-a': [11] }]);
  });

  it('sends records at the end of the turn they arrived in, one message per turn, never held for a slot', () => {
    feed.subscribe('bench-a', false);
    fake.record(11);
    fake.record(12);
    expect(live()).toHaveLength(0);
    vi.advanceTimersByTime(0);
    expect(liveSeqs()).toEqual([{ 'bench-a': [11, 12] }]);
    // Records of later turns go in their own turn, however soon after the last message.
    for (let seq = 13; seq <= 15; seq++) {
      fake.record(seq);
      fake.record(seq); // a re-delivery
      vi.advanceTimersByTime(0);
    }
    expect(liveSeqs()).toEqual([
      { 'bench-a': [11, 12] },
      { 'bench-a': [13] },
      { 'bench-a': [14] },
      { 'bench-a': [15] },
    ]);
    expect(feed.timersPending).toBe(false);
  });

  it('sends the records of every bench of one turn as one fleet_live, a batch per bench in seq order', () => {
    feed.subscribe('bench-a', false);
    feed.subscribe('bench-b', false);
    fake.record(11, 'bench-a');
    fake.record(21, 'bench-b');
    fake.record(12, 'bench-a');
    fake.record(22, 'bench-b');
    fake.record(21, 'bench-b'); // a re-delivery
    fake.record(23, 'bench-b');
    vi.advanceTimersByTime(0);
    expect(live()).toHaveLength(1);
    expect(live()[0]?.benches.map((b) => b.bench)).toEqual(['bench-a', 'bench-b']);
    expect(liveSeqs()).toEqual([{ 'bench-a': [11, 12], 'bench-b': [21, 22, 23] }]);
    // A later turn with records of one bench only: that bench's batch alone.
    fake.record(24, 'bench-b');
    vi.advanceTimersByTime(0);
    expect(liveSeqs().at(-1)).toEqual({ 'bench-b': [24] });
    expect(feed.timersPending).toBe(false);
  });

  it('retries a congested session every 50 ms, then sends what waited as one message, nothing twice', () => {
    feed.subscribe('bench-a', false);
    feed.subscribe('bench-b', true);
    congested = true;
    fake.record(11, 'bench-a');
    fake.record(21, 'bench-b');
    fake.waveform(1, 5, 'bench-b');
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([]);
    fake.record(12, 'bench-a');
    vi.advanceTimersByTime(49);
    expect(sent).toEqual([]);
    congested = false;
    // Not yet: the retry is 50 ms after the congested flush, not at the next record.
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(liveSeqs()).toEqual([{ 'bench-a': [11, 12], 'bench-b': [21] }]);
    expect(waves().map((m) => m.waveform.timestamp)).toEqual([5]);
    vi.advanceTimersByTime(200);
    expect(live()).toHaveLength(1);
    expect(feed.timersPending).toBe(false);
  });

  it('sends waveforms only when asked, and only the newest per channel while the socket is full', () => {
    feed.subscribe('bench-a', false);
    fake.waveform(1, 1);
    expect(waves()).toHaveLength(0);
    expect(fake.listeners().waveforms).toBe(0);
    feed.subscribe('bench-a', true);
    fake.waveform(1, 2);
    vi.advanceTimersByTime(0);
    expect(waves().map((m) => m.waveform.timestamp)).toEqual([2]);
    congested = true;
    fake.waveform(1, 3);
    fake.waveform(2, 3);
    fake.waveform(1, 4);
    vi.advanceTimersByTime(200);
    expect(waves()).toHaveLength(1);
    congested = false;
    vi.advanceTimersByTime(50);
    expect(waves().map((m) => [m.waveform.channel, m.waveform.timestamp])).toEqual([
      [1, 2],
      [1, 4],
      [2, 3],
    ]);
    expect(feed.waveformsReplaced).toBe(1);
    feed.subscribe('bench-a', false);
    expect(fake.listeners().waveforms).toBe(0);
  });

  it('sends a binary session the waveforms of a flush as one bundle of the bytes they came in, JSON to one without', () => {
    const frames: Uint8Array[] = [];
    let binary = true;
    feed.dispose();
    feed = new FleetFeed({
      fleet: fake.fleet,
      send: (m) => sent.push(m),
      binary: () => binary,
      sendFrame: (bytes) => frames.push(bytes),
      congested: () => congested,
    });
    feed.subscribe('bench-a', true);
    feed.subscribe('bench-b', true);
    const first = fake.waveform(3, 7);
    const second = fake.waveform(1, 7, 'bench-b');
    const third = fake.waveform(4, 7);
    expect(frames).toHaveLength(0); // at the end of the turn, with the records of that turn
    vi.advanceTimersByTime(0);
    expect(frames).toHaveLength(1); // one message for the whole flush
    const bundle = decodeFleetWaveformBundle(frames[0]!);
    expect(bundle.flush).toBe(0); // this session does not acknowledge flushes
    expect(bundle.waveforms.map((w) => [w.bench, w.channel])).toEqual([
      ['bench-a', 3],
      ['bench-a', 4],
      ['bench-b', 1],
    ]);
    // Each frame's bytes as they came (not decoded and re-encoded), the benches in subscription order.
    expect(frames[0]).toEqual(encodeFleetWaveformBundle([first, third, second]));
    expect(waves()).toHaveLength(0);
    binary = false;
    fake.waveform(3, 8);
    vi.advanceTimersByTime(0);
    expect(frames).toHaveLength(1);
    expect(waves().map((m) => m.waveform)).toEqual([
      {
        bench: 'bench-a',
        equipment_id: 'scope',
        channel: 3,
        timestamp: 8,
        sample_rate_hz: 1e6,
        x0_s: 0,
        samples: 4,
        min_max: [0, 1],
      },
    ]);
  });

  it('paced (ack): numbers each flush on fleet_live and the bundle, and holds the next until fleet_ack', () => {
    const frames: Uint8Array[] = [];
    feed.dispose();
    feed = new FleetFeed({
      fleet: fake.fleet,
      send: (m) => sent.push(m),
      binary: () => true,
      sendFrame: (bytes) => frames.push(bytes),
      congested: () => congested,
    });
    feed.subscribe('bench-a', true);
    feed.setPaced(true);
    fake.record(11);
    fake.waveform(1, 1);
    vi.advanceTimersByTime(0);
    expect(live().map((m) => m.flush)).toEqual([1]);
    expect(frames.map((f) => decodeFleetWaveformBundle(f).flush)).toEqual([1]);
    for (let seq = 12; seq <= 14; seq++) {
      fake.record(seq);
      fake.waveform(1, seq);
      vi.advanceTimersByTime(5);
    }
    expect(live()).toHaveLength(1);
    feed.ack(1);
    vi.advanceTimersByTime(0);
    // Everything that waited, as one flush: every record, the newest waveform per channel.
    expect(liveSeqs()).toEqual([{ 'bench-a': [11] }, { 'bench-a': [12, 13, 14] }]);
    expect(live()[1]?.flush).toBe(2);
    expect(decodeFleetWaveformBundle(frames[1]!).waveforms.map((w) => w.timestamp)).toEqual([14]);
    // A page that stops acknowledging still gets the next flush, after the ack timeout.
    fake.record(15);
    vi.advanceTimersByTime(249);
    expect(live()).toHaveLength(2);
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(1); // the flush goes at the end of the timeout's turn
    expect(liveSeqs().at(-1)).toEqual({ 'bench-a': [15] });
    expect(feed.ackTimeouts).toBe(1);
  });

  it('holds records while the session lags, bounded: the oldest dropped show as a seq jump', () => {
    feed.subscribe('bench-a', false);
    congested = true;
    for (let seq = 11; seq <= 160; seq++) fake.record(seq);
    vi.advanceTimersByTime(500);
    expect(live()).toHaveLength(0);
    congested = false;
    vi.advanceTimersByTime(50);
    const seqs = seqsOf('bench-a');
    expect(seqs[0]).toBe(61);
    expect(seqs).toHaveLength(100);
    expect(feed.recordsDropped).toBe(50);
  });

  it('sends nothing of a bench after unsubscribe, and lets go of the fleet', () => {
    feed.subscribe('bench-a', true);
    fake.record(11);
    expect(feed.unsubscribe('bench-a')).toBe(true);
    fake.record(12);
    fake.waveform(1, 1);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([]);
    expect(fake.listeners()).toEqual({ records: 0, waveforms: 0 });
    expect(feed.unsubscribe('bench-a')).toBe(false);
    expect(feed.timersPending).toBe(false);
  });

  it('pushes fleet on change once get_fleet was asked, several changes in one turn as one push', () => {
    fake.change();
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([]);
    feed.watchFleet();
    fake.change();
    fake.change();
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([{ type: 'fleet', controller: 'dash', benches: fake.fleet.benches() }]);
  });

  it('dispose stops every push and leaves no timer', () => {
    feed.subscribe('bench-a', true);
    feed.watchFleet();
    fake.record(11);
    fake.change();
    feed.dispose();
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([]);
    expect(feed.timersPending).toBe(false);
    expect(feed.subscribe('bench-a', false)).toBeUndefined();
  });
});
