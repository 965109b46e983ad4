/**
 * A fleet bench opened into the full panels, below React: a real ConnectionManager (the one the panels'
 * BenchClient holds) whose socket is a FleetSocket over a FleetFollower, over a scripted local connection
 * that answers as a `--nats` backend does (recorded message shapes, docs/PROTOCOL.md). The manager
 * shakes hands, its commands reach the bench as `fleet_command` and resolve or reject with the bench's
 * own answer, records and waveforms arrive as its streams' messages with gaps marked, and the bench going
 * offline is a lost connection the manager retries.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FrameFlags, type DecodedFrame } from '../../../../shared/codec/frame';
import {
  decodeFleetWaveformFrame,
  encodeFleetWaveformFrame,
  type FleetWaveformFrame,
} from '../../../../shared/codec/fleetWaveformFrame';
import type { HistoryRecord } from '../../../../shared/protocol/fleet';
import type { ServerMessage } from '../../../../shared/protocol/server';
import {
  ConnectionManager,
  RequestError,
  type ConnectionState,
} from '../../../../src-renderer/connection/ConnectionManager';
import { HandlerRegistry } from '../../../../src-renderer/connection/HandlerRegistry';
import { FleetFollower } from '../../../../src-renderer/fleet/FleetFollower';
import { FLEET_DOWNLOADS_UNAVAILABLE, FleetSocket } from '../../../../src-renderer/fleet/FleetSocket';

/** The local backend's connection as the follower and the socket use it, answering from a script. */
class LocalConnection {
  readonly handlers = new HandlerRegistry();
  readonly sent: Record<string, unknown>[] = [];
  state: ConnectionState = 'open';
  online = true;
  holder: string | undefined = 'dashboard-alice';
  /** Replies held back (to see two reads share one), released by `release()`. */
  hold = false;
  readonly #held: Array<() => void> = [];
  readonly #listeners = new Set<(s: ConnectionState) => void>();
  readonly #waveformListeners = new Set<(w: FleetWaveformFrame) => void>();
  /** Binary frames that did not read (ConnectionManager counts them as errors). */
  badFrames = 0;

  onStateChange(listener: (s: ConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  setState(state: ConnectionState): void {
    this.state = state;
    for (const l of this.#listeners) l(state);
  }

  request(command: Record<string, unknown>): Promise<ServerMessage> {
    this.sent.push(command);
    const reply = this.#answer(command);
    if (this.hold && command.type === 'fleet_command')
      return new Promise((resolve, reject) =>
        this.#held.push(() => (reply instanceof RequestError ? reject(reply) : resolve(reply))),
      );
    return reply instanceof RequestError ? Promise.reject(reply) : Promise.resolve(reply);
  }

  release(): void {
    for (const go of this.#held.splice(0)) go();
  }

  push(message: unknown): void {
    this.handlers.dispatch(message as ServerMessage);
  }

  onFleetWaveform(listener: (w: FleetWaveformFrame) => void): () => void {
    this.#waveformListeners.add(listener);
    return () => this.#waveformListeners.delete(listener);
  }

  /** A binary fleet waveform frame as the backend forwards it: decoded as ConnectionManager does. */
  pushFrame(bytes: Uint8Array): void {
    let waveform: FleetWaveformFrame;
    try {
      waveform = decodeFleetWaveformFrame(bytes.slice().buffer);
    } catch {
      this.badFrames++;
      return;
    }
    for (const l of this.#waveformListeners) l(waveform);
  }

  fleet(): ServerMessage {
    return {
      type: 'fleet',
      controller: 'dashboard-me',
      benches: [
        {
          bench: 'rig-1',
          online: this.online,
          last_seen: 1,
          equipment_ids: ['psu_1', 'scope_1'],
          lease: this.holder ? { holder: this.holder, expires_at_ms: 10 } : {},
          instance_id: 'agent-run-1',
        },
      ],
    } as ServerMessage;
  }

  #answer(command: Record<string, unknown>): ServerMessage | RequestError {
    switch (command.type) {
      case 'get_fleet':
        return this.fleet();
      case 'fleet_subscribe':
        return { type: 'fleet_subscribed', bench: 'rig-1', last_seq: 0 } as unknown as ServerMessage;
      case 'get_fleet_history':
        return { type: 'fleet_history', bench: 'rig-1', records: [], gaps: [] } as unknown as ServerMessage;
      case 'fleet_command': {
        const inner = command.command as { type: string; request_id?: number; equipment_id?: string };
        // The bench refuses control commands to anyone but the lease holder, naming the holder.
        if (inner.type === 'set_parameter' && this.holder !== 'dashboard-me')
          return new RequestError('lease_held', `bench rig-1 is controlled by ${this.holder ?? 'nobody'}`, {
            holder: this.holder,
          });
        const messages =
          inner.type === 'set_parameter'
            ? [
                {
                  type: 'parameter_set',
                  request_id: inner.request_id,
                  equipment_id: 'psu_1',
                  parameter: 'voltage_set',
                  value: 3,
                  channel: 1,
                },
              ]
            : inner.type === 'get_parameters'
              ? [
                  {
                    type: 'parameters',
                    request_id: inner.request_id,
                    equipment_id: inner.equipment_id,
                    global: {},
                    channels: {},
                  },
                ]
              : [
                  {
                    type: 'error',
                    request_id: inner.request_id,
                    code: 'not_found',
                    message: 'no such thing here',
                  },
                ];
        return { type: 'fleet_reply', bench: 'rig-1', messages } as unknown as ServerMessage;
      }
      default:
        return new RequestError('invalid_message', `unexpected ${String(command.type)}`);
    }
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

function readings(seq: number, voltageV: number): HistoryRecord {
  return {
    bench: 'rig-1',
    seq,
    timestamp: 1_000 + seq,
    kind: 'readings',
    equipment_id: 'psu_1',
    data: [
      { channel: 1, voltage_actual: voltageV, current_actual: 0.3, output_enabled: true },
      { channel: 2, voltage_actual: 0, current_actual: 0, output_enabled: false },
    ],
  };
}

function waveform(channel: number, timestamp: number): Uint8Array {
  return encodeFleetWaveformFrame(
    {
      bench: 'rig-1',
      equipment_id: 'scope_1',
      channel,
      timestamp,
      sample_rate_hz: 1_000,
      x0_s: -0.5,
      samples: 1_000,
    },
    new Float32Array([-channel, channel, -channel, channel]),
  );
}

const managers: ConnectionManager[] = [];
afterEach(() => {
  for (const m of managers.splice(0)) m.close();
});

async function openFleetBench(
  local: LocalConnection,
): Promise<{ manager: ConnectionManager; follower: FleetFollower }> {
  const follower = new FleetFollower(local as unknown as ConnectionManager);
  follower.start();
  await settle();
  const manager = new ConnectionManager({
    getEndpoint: () => Promise.resolve({ url: 'fleet://rig-1/', token: '' }),
    openSocket: () => new FleetSocket('rig-1', follower),
    pingIntervalMs: 60_000,
    random: () => 0,
  });
  managers.push(manager);
  manager.connect();
  await settle();
  return { manager, follower };
}

describe('FleetSocket', () => {
  it('opens with a welcome naming the agent’s run, and forwards commands as fleet_command', async () => {
    const local = new LocalConnection();
    local.holder = 'dashboard-me';
    const { manager } = await openFleetBench(local);
    expect(manager.state).toBe('open');

    const reply = await manager.request({
      type: 'set_parameter',
      equipment_id: 'psu_1',
      parameter: 'voltage_set',
      value: 3,
      channel: 1,
    });
    expect(reply).toMatchObject({ type: 'parameter_set', value: 3 });
    const forwarded = local.sent.find((c) => c.type === 'fleet_command');
    expect(forwarded).toMatchObject({
      type: 'fleet_command',
      bench: 'rig-1',
      command: { type: 'set_parameter', equipment_id: 'psu_1', value: 3 },
    });
  });

  it('rejects a control command with the bench’s refusal, naming the holder', async () => {
    const local = new LocalConnection();
    const { manager } = await openFleetBench(local);
    await expect(
      manager.request({
        type: 'set_parameter',
        equipment_id: 'psu_1',
        parameter: 'voltage_set',
        value: 3,
        channel: 1,
      }),
    ).rejects.toMatchObject({ code: 'lease_held', message: 'bench rig-1 is controlled by dashboard-alice' });
  });

  it('answers what needs the bench’s own connection here, plainly, without asking the bench', async () => {
    const local = new LocalConnection();
    const { manager } = await openFleetBench(local);
    const before = local.sent.length;
    await expect(
      manager.request({ type: 'export_acquisition', acquisition_id: 'a1', format: 'csv' } as never),
    ).rejects.toMatchObject({
      message: FLEET_DOWNLOADS_UNAVAILABLE,
    });
    expect(local.sent.length).toBe(before);
  });

  it('serves started streams from live records, marking records that never arrived as a gap', async () => {
    const local = new LocalConnection();
    const { manager } = await openFleetBench(local);
    const data: unknown[] = [];
    manager.handlers.on('stream_data', (m) => data.push(m));
    const started = await manager.startStream({ equipment_id: 'psu_1', stream_type: 'readings', channel: 1 });
    expect(started).toMatchObject({ type: 'stream_started', equipment_id: 'psu_1', encoding: 'json' });

    local.push({
      type: 'fleet_live',
      benches: [{ bench: 'rig-1', records: [readings(1, 2.9), readings(2, 3)] }],
    });
    // Record 3 never arrived: the stream's seq jumps, as for a message the backend dropped.
    local.push({
      type: 'fleet_live',
      benches: [
        // Another bench's batch in the same push is not this bench's.
        { bench: 'rig-2', records: [{ ...readings(3, 9), bench: 'rig-2' }] },
        { bench: 'rig-1', records: [readings(2, 3), readings(4, 3.1)] },
      ],
    });
    expect(data).toHaveLength(3);
    expect(data[2]).toMatchObject({
      stream_id: started.stream_id,
      seq: 3,
      timestamp: 1_004,
      data: { channel: 1, voltage_actual: 3.1, channels: [{ channel: 1 }] },
    });
    expect(manager.stats.gaps).toBe(1);
  });

  it('turns each channel’s newest waveform into one min/max frame, and subscribes to waveforms only while shown', async () => {
    const local = new LocalConnection();
    const { manager } = await openFleetBench(local);
    const frames: DecodedFrame[] = [];
    manager.onFrame((f) => frames.push(f));
    await manager.startStream({ equipment_id: 'scope_1', stream_type: 'waveform' });
    await settle();
    expect(local.sent.filter((c) => c.type === 'fleet_subscribe').at(-1)).toEqual({
      type: 'fleet_subscribe',
      bench: 'rig-1',
      waveforms: true,
      ack: true,
    });

    local.pushFrame(waveform(1, 5_000));
    local.pushFrame(waveform(2, 5_000));
    expect(frames).toHaveLength(2);
    const frame = frames[1]!;
    expect(frame.channelNumbers).toEqual([1, 2]);
    expect(frame.flags & FrameFlags.minMax).toBe(FrameFlags.minMax);
    expect(frame.dtS).toBeCloseTo(0.5, 9);
    expect(frame.x0).toBe(-0.5);
    expect(Array.from(frame.channels[1]!)).toEqual([-2, 2, -2, 2]);
    // A cut frame is dropped, never drawn.
    local.pushFrame(waveform(3, 5_100).subarray(0, 100));
    expect(frames).toHaveLength(2);
    expect(local.badFrames).toBe(1);

    await manager.stopStream({ equipment_id: 'scope_1', stream_type: 'waveform' });
    await settle();
    expect(local.sent.filter((c) => c.type === 'fleet_subscribe').at(-1)).toMatchObject({ waveforms: false });
  });

  it('asks the bench once for a setting read while the same read is still on its way', async () => {
    const local = new LocalConnection();
    const { manager } = await openFleetBench(local);
    local.hold = true;
    const first = manager.request({ type: 'get_parameters', equipment_id: 'scope_1' });
    const second = manager.request({ type: 'get_parameters', equipment_id: 'scope_1' });
    await settle();
    local.release();
    await expect(first).resolves.toMatchObject({ type: 'parameters', equipment_id: 'scope_1' });
    await expect(second).resolves.toMatchObject({ type: 'parameters', equipment_id: 'scope_1' });
    expect(local.sent.filter((c) => c.type === 'fleet_command')).toHaveLength(1);
  });

  it('is a lost connection when the bench goes offline, retried until it is back', async () => {
    const local = new LocalConnection();
    const { manager } = await openFleetBench(local);
    const events: string[] = [];
    manager.onLinkEvent((e) => events.push(e.kind));
    local.online = false;
    local.push(local.fleet());
    await settle();
    expect(manager.state).toBe('reconnecting');
    expect(manager.lastError).toBe('bench rig-1 is offline on the fleet');
    expect(events).toEqual(['lost']);

    local.online = true;
    local.push(local.fleet());
    manager.reconnectNow();
    await settle();
    expect(manager.state).toBe('open');
    expect(events).toEqual(['lost', 'restored']);
  });

  it('is a lost connection when the local backend’s connection drops', async () => {
    const local = new LocalConnection();
    const { manager } = await openFleetBench(local);
    local.setState('reconnecting');
    await settle();
    // Lost, then every retry finds the local link still down, and says so.
    expect(manager.state).toBe('reconnecting');
    expect(manager.lastError).toMatch(
      /^(the connection to this dashboard’s backend was lost|this dashboard’s backend is not connected)$/,
    );

    local.setState('open');
    manager.reconnectNow();
    await settle();
    expect(manager.state).toBe('open');
  });
});
