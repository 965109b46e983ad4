/**
 * The renderer's side of the live fleet, fed recorded messages as the backend sends them (the contract in
 * docs/PROTOCOL.md, "Fleet through the dashboard's backend"): get_fleet, subscribe + backfill per bench,
 * fleet_live pushes, fleet pushes on a change, lease replies; and a backend without --nats.
 */
import { describe, expect, it } from 'vitest';
import type { FleetWaveformFrame } from '../../../../shared/codec/fleetWaveformFrame';
import type { HistoryRecord } from '../../../../shared/protocol/fleet';
import type { ServerMessage } from '../../../../shared/protocol/server';
import type {
  ConnectionManager,
  ConnectionState,
} from '../../../../src-renderer/connection/ConnectionManager';
import { RequestError } from '../../../../src-renderer/connection/ConnectionManager';
import { HandlerRegistry } from '../../../../src-renderer/connection/HandlerRegistry';
import { FleetFollower } from '../../../../src-renderer/fleet/FleetFollower';

type Reply = ServerMessage | RequestError;

/** The part of a ConnectionManager the follower uses, answering from a script and recording requests. */
class ScriptedConnection {
  readonly handlers = new HandlerRegistry();
  readonly #waveformListeners = new Set<(w: FleetWaveformFrame) => void>();
  /** Binary fleet waveforms, as the connection hands them on once checked. */
  onFleetWaveform(listener: (w: FleetWaveformFrame) => void): () => void {
    this.#waveformListeners.add(listener);
    return () => this.#waveformListeners.delete(listener);
  }
  pushWaveform(waveform: FleetWaveformFrame): void {
    for (const l of this.#waveformListeners) l(waveform);
  }
  readonly sent: Record<string, unknown>[] = [];
  state: ConnectionState = 'connecting';
  readonly #stateListeners = new Set<(s: ConnectionState) => void>();
  constructor(readonly answer: (command: Record<string, unknown>) => Reply) {}
  onStateChange(listener: (s: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }
  setState(state: ConnectionState): void {
    this.state = state;
    for (const l of this.#stateListeners) l(state);
  }
  request(command: Record<string, unknown>): Promise<ServerMessage> {
    this.sent.push(command);
    const reply = this.answer(command);
    return reply instanceof RequestError ? Promise.reject(reply) : Promise.resolve(reply);
  }
  push(message: unknown): void {
    this.handlers.dispatch(message as ServerMessage);
  }
}

const bench = (name: string, holder?: string) => ({
  bench: name,
  online: true,
  last_seen: 1,
  equipment_ids: ['psu_1'],
  lease: holder ? { holder, expires_at_ms: 10 } : {},
});
const readings = (seq: number, voltageV: number): HistoryRecord => ({
  bench: 'rig-1',
  seq,
  timestamp: seq,
  kind: 'readings',
  equipment_id: 'psu_1',
  data: [
    {
      channel: 1,
      voltage_set: 5,
      current_set: 1,
      voltage_actual: voltageV,
      current_actual: 0.2,
      power: 1,
      output_enabled: true,
      in_cv_mode: true,
      in_cc_mode: false,
      timestamp: seq,
    },
  ],
});
const settle = () => new Promise((r) => setTimeout(r, 0));

function fleetScript(command: Record<string, unknown>): Reply {
  switch (command.type) {
    case 'get_fleet':
      return {
        type: 'fleet',
        controller: 'dashboard-me',
        benches: [bench('rig-1', 'dashboard-alice')],
      } as ServerMessage;
    case 'fleet_subscribe':
      return { type: 'fleet_subscribed', bench: command.bench, last_seq: 2 } as unknown as ServerMessage;
    case 'get_fleet_history':
      return {
        type: 'fleet_history',
        bench: 'rig-1',
        records: [readings(1, 4.9), readings(2, 5)],
        gaps: [],
      } as ServerMessage;
    case 'fleet_lease':
      return {
        type: 'fleet_lease',
        bench: 'rig-1',
        lease: { holder: 'dashboard-me', expires_at_ms: 20 },
      } as ServerMessage;
    default:
      return new RequestError('invalid_message', `unexpected ${String(command.type)}`);
  }
}

/**
 * A follower over a bench whose agent run is `run.id` (changed by the test), rig-1 on the fleet with that
 * `instance_id`; run-2's own answers (`subscribed` seq, `history`) replace fleetScript's once it runs.
 */
async function followRuns(run2: { lastSeq: number; history?: HistoryRecord[] }) {
  const run = { id: 'run-1' };
  const fleetOf = (holder?: string) => ({
    type: 'fleet',
    controller: 'me',
    benches: [{ ...bench('rig-1', holder), instance_id: run.id }],
  });
  const connection = new ScriptedConnection((command) => {
    if (command.type === 'get_fleet') return fleetOf() as ServerMessage;
    if (run.id === 'run-2' && command.type === 'fleet_subscribe')
      return { type: 'fleet_subscribed', bench: 'rig-1', last_seq: run2.lastSeq } as unknown as ServerMessage;
    if (run.id === 'run-2' && command.type === 'get_fleet_history' && run2.history !== undefined)
      return { type: 'fleet_history', bench: 'rig-1', records: run2.history, gaps: [] } as ServerMessage;
    return fleetScript(command);
  });
  const follower = new FleetFollower(connection as unknown as ConnectionManager);
  follower.start();
  connection.setState('open');
  await settle();
  const subscribes = () => connection.sent.filter((c) => c.type === 'fleet_subscribe').length;
  /** The backend pushes `fleet` with the bench as run `id` (holder: a lease change). */
  const announce = async (id: string, holder?: string) => {
    run.id = id;
    connection.push(fleetOf(holder));
    await settle();
    await settle();
  };
  return { connection, follower, subscribes, announce };
}

describe('FleetFollower', () => {
  it('lists the fleet on connect, subscribes and backfills each bench, then takes live records once', async () => {
    const connection = new ScriptedConnection(fleetScript);
    const follower = new FleetFollower(connection as unknown as ConnectionManager);
    follower.start();
    connection.setState('open');
    await settle();
    expect(connection.sent.map((c) => c.type)).toEqual(['get_fleet', 'fleet_subscribe', 'get_fleet_history']);
    expect(connection.sent[1]).toEqual({
      type: 'fleet_subscribe',
      bench: 'rig-1',
      waveforms: false,
      ack: true, // the connection acknowledges each flush from an animation frame
    });
    const view = follower.view();
    expect(view).toMatchObject({ status: 'following', controller: 'dashboard-me' });
    expect(view.benches[0]?.lease.holder).toBe('dashboard-alice');
    expect(view.live['rig-1']?.supplies.psu_1?.[0]?.voltageV).toBe(5);

    // A live batch overlapping the backfill: record 2 is not taken twice, 3 is.
    connection.push({
      type: 'fleet_live',
      benches: [{ bench: 'rig-1', records: [readings(2, 1), readings(3, 5.1)] }],
    });
    expect(follower.view().live['rig-1']).toMatchObject({ lastSeq: 3, missingRecords: 0 });
    expect(follower.view().live['rig-1']?.supplies.psu_1?.[0]?.voltageV).toBe(5.1);
    expect(follower.refused).toEqual({ count: 0, lastReason: undefined });
  });

  it('takes a push of several benches as one view update, a batch per bench, each in seq order', async () => {
    const connection = new ScriptedConnection((command) =>
      command.type === 'get_fleet'
        ? ({ type: 'fleet', controller: 'me', benches: [bench('rig-1'), bench('rig-2')] } as ServerMessage)
        : fleetScript(command),
    );
    const follower = new FleetFollower(connection as unknown as ConnectionManager);
    follower.start();
    connection.setState('open');
    await settle();
    await settle();
    let notices = 0;
    follower.subscribe(() => notices++);
    const batches: [string, number[]][] = [];
    follower.onRecords((b, records) => batches.push([b, records.map((r) => r.seq)]));
    const rig2 = (seq: number, voltageV: number): HistoryRecord => ({
      ...readings(seq, voltageV),
      bench: 'rig-2',
    });
    connection.push({
      type: 'fleet_live',
      benches: [
        { bench: 'rig-1', records: [readings(3, 5.1), readings(4, 5.2)] },
        { bench: 'rig-2', records: [rig2(7, 1.5)] },
      ],
    });
    expect(notices).toBe(1);
    expect(batches).toEqual([
      ['rig-1', [3, 4]],
      ['rig-2', [7]],
    ]);
    expect(follower.view().live['rig-1']).toMatchObject({ lastSeq: 4 });
    expect(follower.view().live['rig-1']?.supplies.psu_1?.[0]?.voltageV).toBe(5.2);
    expect(follower.view().live['rig-2']?.lastSeq).toBe(7);
    // Nothing new (records already taken): no update, no notice.
    connection.push({ type: 'fleet_live', benches: [{ bench: 'rig-2', records: [rig2(7, 1.5)] }] });
    expect(notices).toBe(1);
  });

  it('refuses a malformed fleet_live whole, saying which field is wrong, and takes nothing of it', async () => {
    const connection = new ScriptedConnection(fleetScript);
    const follower = new FleetFollower(connection as unknown as ConnectionManager);
    follower.start();
    connection.setState('open');
    await settle();
    let notices = 0;
    follower.subscribe(() => notices++);
    const heard: string[] = [];
    follower.onRecords((b) => heard.push(b));
    const bad: [unknown, string][] = [
      // The shape before pushes were coalesced across benches.
      [{ type: 'fleet_live', bench: 'rig-1', records: [readings(3, 5.1)] }, 'benches'],
      [{ type: 'fleet_live', benches: {} }, 'benches'],
      [{ type: 'fleet_live', benches: [{ records: [readings(3, 5.1)] }] }, 'benches.0.bench'],
      // One bad record refuses the whole push, the good bench's batch with it.
      [
        {
          type: 'fleet_live',
          benches: [
            { bench: 'rig-1', records: [readings(3, 5.1)] },
            { bench: 'rig-1', records: [readings(4, 5.2), { ...readings(5, 5.3), seq: 'x' }] },
          ],
        },
        'benches.1.records.1.seq',
      ],
      [
        { type: 'fleet_live', benches: [{ bench: 'rig-1', records: [{ ...readings(3, 1), extra: 1 }] }] },
        'extra',
      ],
    ];
    for (const [message, field] of bad) {
      connection.push(message);
      expect(follower.refused.lastReason).toMatch(/^fleet_live refused: /);
      expect(follower.refused.lastReason).toContain(field);
    }
    expect(follower.refused.count).toBe(bad.length);
    expect(follower.view().live['rig-1']?.lastSeq).toBe(2);
    expect(notices).toBe(0);
    expect(heard).toEqual([]);
  });

  it('follows fleet pushes (a new bench, a lease change) and shows its own lease after take', async () => {
    const connection = new ScriptedConnection(fleetScript);
    const follower = new FleetFollower(connection as unknown as ConnectionManager);
    connection.setState('open');
    follower.start();
    await settle();
    connection.push({ type: 'fleet', controller: 'dashboard-me', benches: [bench('rig-1'), bench('rig-2')] });
    await settle();
    expect(follower.view().benches.map((b) => b.bench)).toEqual(['rig-1', 'rig-2']);
    expect(connection.sent.filter((c) => c.type === 'fleet_subscribe').map((c) => c.bench)).toEqual([
      'rig-1',
      'rig-2',
    ]);
    await follower.lease('rig-1', 'take');
    expect(connection.sent.at(-1)).toEqual({ type: 'fleet_lease', bench: 'rig-1', action: 'take' });
    expect(follower.view().benches[0]?.lease.holder).toBe('dashboard-me');
  });

  it('shows a bench whose new run made its history anew from that history, not from the old seqs', async () => {
    // run-1 held seqs up to 4; run-2's stream was made anew: its seqs count from 1 again.
    const { connection, follower, subscribes, announce } = await followRuns({
      lastSeq: 1,
      history: [readings(1, 7)],
    });
    connection.push({
      type: 'fleet_live',
      benches: [{ bench: 'rig-1', records: [readings(4, 5.4)] }], // seq 3 never came: one missing
    });
    expect(follower.view().live['rig-1']).toMatchObject({ lastSeq: 4, missingRecords: 1 });

    await announce('run-1', 'x'); // the same run again (a lease change): nothing is asked again
    expect(subscribes()).toBe(1);

    await announce('run-2');
    expect(subscribes()).toBe(2);
    expect(follower.view().live['rig-1']).toMatchObject({ lastSeq: 1, missingRecords: 1 });
    expect(follower.view().live['rig-1']?.supplies.psu_1?.[0]?.voltageV).toBe(7);
    connection.push({ type: 'fleet_live', benches: [{ bench: 'rig-1', records: [readings(2, 7.2)] }] });
    expect(follower.view().live['rig-1']?.supplies.psu_1?.[0]?.voltageV).toBe(7.2);
  });

  it('keeps what a bench showed when its new run resumed its seqs (an agent restart)', async () => {
    // A run that resumed from its stream: the backend holds at least what was shown.
    const { connection, follower, subscribes, announce } = await followRuns({ lastSeq: 3 });
    connection.push({ type: 'fleet_live', benches: [{ bench: 'rig-1', records: [readings(3, 5.3)] }] });
    await announce('run-2');
    expect(subscribes()).toBe(2);
    expect(follower.view().live['rig-1']).toMatchObject({ lastSeq: 3, missingRecords: 0 });
    expect(follower.view().live['rig-1']?.supplies.psu_1?.[0]?.voltageV).toBe(5.3);
  });

  it('keeps a refused command’s reason for the card', async () => {
    const connection = new ScriptedConnection((c) =>
      c.type === 'fleet_command'
        ? new RequestError('lease_held', 'bench rig-1 is controlled by dashboard-alice')
        : fleetScript(c),
    );
    const follower = new FleetFollower(connection as unknown as ConnectionManager);
    connection.setState('open');
    follower.start();
    await settle();
    await expect(follower.command('rig-1', { type: 'set_parameter' })).rejects.toThrow(/dashboard-alice/);
    expect(follower.view().errors['rig-1']).toBe('bench rig-1 is controlled by dashboard-alice');
  });

  it('hands a bench’s waveforms to that bench’s listeners only, and stops when they unsubscribe', () => {
    const connection = new ScriptedConnection(fleetScript);
    const follower = new FleetFollower(connection as unknown as ConnectionManager);
    follower.start();
    const frame = (bench: string): FleetWaveformFrame => ({
      bench,
      equipment_id: 'scope_1',
      channel: 1,
      timestamp: 1_000,
      sample_rate_hz: 1_000,
      x0_s: 0,
      samples: 2,
      columns: 1,
      min_max: new Float32Array([0, 1]),
    });
    const rig1: string[] = [];
    const rig1Again: string[] = [];
    const all: string[] = [];
    const off1 = follower.onBenchWaveform('rig-1', (w) => rig1.push(w.bench));
    follower.onBenchWaveform('rig-1', (w) => rig1Again.push(w.bench));
    follower.onWaveform((bench) => all.push(bench));
    connection.pushWaveform(frame('rig-1'));
    connection.pushWaveform(frame('rig-2'));
    expect(rig1).toEqual(['rig-1']);
    expect(rig1Again).toEqual(['rig-1']);
    expect(all).toEqual(['rig-1', 'rig-2']);
    off1();
    connection.pushWaveform(frame('rig-1'));
    expect(rig1).toEqual(['rig-1']);
    expect(rig1Again).toEqual(['rig-1', 'rig-1']);
  });

  it('says there is no fleet when the backend follows none', async () => {
    const connection = new ScriptedConnection(
      () => new RequestError('not_found', 'this backend is on no fleet'),
    );
    const follower = new FleetFollower(connection as unknown as ConnectionManager);
    connection.setState('open');
    follower.start();
    await settle();
    expect(follower.view().status).toBe('none');
  });
});
