/**
 * A fleet bench as a socket the ConnectionManager can open (docs/ARCHITECTURE.md, "An opened fleet bench"):
 * the protocol of one backend, carried over the local backend's connection. Commands go to the bench as
 * `fleet_command` (its router answers with the same messages as over a WebSocket, and refuses control
 * commands to anyone not holding its lease); the bench's records come back as the `stream_data` and
 * `event` messages of the streams the panels started, its waveforms as binary frames. What belongs to a
 * connection is answered here: the handshake, pings, the streams themselves. The socket closes when the
 * bench goes offline or the local backend's connection drops, so the bench reconnects (with backoff),
 * resumes and marks gaps exactly as a direct one.
 */
import { PROTOCOL_VERSION } from '../../shared/protocol/constants';
import type { FleetWaveformFrame } from '../../shared/codec/fleetWaveformFrame';
import type { HistoryRecord } from '../../shared/protocol/fleet';
import type { FleetServerMessage } from '../../shared/protocol/fleetBridge';
import { RequestError, type BenchSocket } from '../connection/ConnectionManager';
import { FLEET_REQUEST_TIMEOUT_MS, type FleetFollower } from './FleetFollower';
import { recordStreamData, waveformFrame, type FleetStream } from './fleetStreams';

/** Why a fleet bench offers no downloads: what a panel says in place of the button. */
export const FLEET_DOWNLOADS_UNAVAILABLE =
  'Downloads, exports and live capture views need the bench’s own connection; a fleet agent has no HTTP. Run the capture’s export on the bench’s PC.';

/** What to do when an opened fleet bench is out of reach (its agent, or this dashboard's NATS link). */
export const FLEET_OUTAGE_ADVICE =
  'If the bench’s agent stopped, start it again on its PC (`benchtop agent --nats URL --bench FILE`); ' +
  'if this dashboard’s backend lost NATS, it reconnects by itself and the gap is marked.';

/** Commands that need the bench's own connection (downloads, capture views): answered here, plainly. */
const CONNECTION_ONLY = new Set([
  'start_acquisition_stream',
  'stop_acquisition_stream',
  'export_acquisition',
  'cancel_export',
  'export_view',
  'export_view_part',
  'get_stats',
]);

/** Statistics of a scope are re-read at most this often while its measurements arrive, ms (bench clock). */
const STATS_REFRESH_MS = 1_000;

interface Command {
  type: string;
  request_id?: number | string;
  [key: string]: unknown;
}

function messageEvent(data: string | ArrayBuffer): MessageEvent {
  return new MessageEvent('message', { data });
}

function closeEvent(code: number, reason: string): CloseEvent {
  // Node (the unit tests) has no CloseEvent; the manager reads only the code and the reason.
  if (typeof CloseEvent === 'function') return new CloseEvent('close', { code, reason });
  return Object.assign(new Event('close'), { code, reason, wasClean: true }) as CloseEvent;
}

export class FleetSocket implements BenchSocket {
  binaryType: BinaryType = 'arraybuffer';
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  readonly #bench: string;
  readonly #follower: FleetFollower;
  readonly #streams = new Map<string, FleetStream>();
  /** Newest waveform per equipment and channel. */
  readonly #waveforms = new Map<string, Map<number, FleetWaveformFrame>>();
  /** When each scope's statistics were last asked for (bench clock, ms); Infinity: the bench keeps none. */
  readonly #statsAskedMs = new Map<string, number>();
  /** Reads on their way to the bench, by what they read: the commands waiting for the same answer. */
  readonly #reads = new Map<string, Command[]>();
  #off: Array<() => void> = [];
  #stopWaveforms: (() => void) | undefined;
  #nextStreamId = 1;
  #lastSeq: number | undefined;
  #open = false;
  #closed = false;

  constructor(bench: string, follower: FleetFollower) {
    this.#bench = bench;
    this.#follower = follower;
    // The manager sets its handlers right after constructing, as on a WebSocket.
    queueMicrotask(() => this.#start());
  }

  send(data: string): void {
    if (!this.#open) return;
    let command: Command;
    try {
      command = JSON.parse(data) as Command;
    } catch {
      return;
    }
    this.#handle(command);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#open = false;
    for (const off of this.#off) off();
    this.#off = [];
    this.#stopWaveforms?.();
    this.#stopWaveforms = undefined;
  }

  #start(): void {
    if (this.#closed) return;
    const problem = this.#whyNot();
    if (problem !== undefined) return this.#fail(problem);
    this.#off = [
      this.#follower.connection.onStateChange((state) => {
        if (state !== 'open') this.#fail('the connection to this dashboard’s backend was lost');
      }),
      this.#follower.subscribe(() => {
        const why = this.#whyNot();
        if (why !== undefined) this.#fail(why);
      }),
      this.#follower.onRecords((bench, records) => {
        if (bench === this.#bench) this.#takeRecords(records);
      }),
      this.#follower.onWaveform((bench, waveform) => {
        if (bench === this.#bench) this.#takeWaveform(waveform);
      }),
    ];
    this.#open = true;
    this.onopen?.(new Event('open'));
  }

  /** Why the bench cannot be reached now; undefined when it can. */
  #whyNot(): string | undefined {
    if (this.#follower.connection.state !== 'open') return 'this dashboard’s backend is not connected';
    const info = this.#follower.bench(this.#bench);
    if (info === undefined) return `no bench "${this.#bench}" on the fleet (yet)`;
    if (!info.online) return `bench ${this.#bench} is offline on the fleet`;
    return undefined;
  }

  #fail(reason: string): void {
    if (this.#closed) return;
    this.close();
    // 1001 (going away): retried with backoff, as a lost or unreachable backend.
    this.onclose?.(closeEvent(1001, reason));
  }

  #deliver(message: object | ArrayBuffer): void {
    if (!this.#open) return;
    this.onmessage?.(messageEvent(message instanceof ArrayBuffer ? message : JSON.stringify(message)));
  }

  #reply(command: Command, message: Record<string, unknown>): void {
    this.#deliver({ ...message, request_id: command.request_id });
  }

  #refuse(command: Command, code: string, message: string): void {
    this.#reply(command, { type: 'error', code, message });
  }

  #handle(command: Command): void {
    switch (command.type) {
      case 'hello':
        return this.#reply(command, {
          type: 'welcome',
          protocol: PROTOCOL_VERSION,
          session_id: `fleet-${this.#bench}`,
          // A new run of the agent is a restarted backend to the panels.
          instance_id: this.#follower.bench(this.#bench)?.instance_id ?? `fleet-${this.#bench}`,
          server: { name: 'benchtop-agent', version: '' },
          encodings: ['json', 'binary'],
        });
      case 'ping':
        return this.#reply(command, {
          type: 'pong',
          timestamp: Date.now(),
          client_time: command.client_time,
        });
      case 'start_stats':
      case 'stop_stats':
        // Link statistics are the local backend's; a fleet bench has no session of its own to count.
        return;
      case 'start_stream':
        return this.#startStream(command);
      case 'stop_stream':
        return this.#stopStream(command);
      case 'shift_stream':
        // The DisplayPacer then keeps the stream at display rate, unlocked.
        return this.#refuse(command, 'unknown_type', 'a fleet bench publishes at its own period');
      default:
        if (CONNECTION_ONLY.has(command.type))
          return this.#refuse(command, 'invalid_message', FLEET_DOWNLOADS_UNAVAILABLE);
        return void this.#forward(command);
    }
  }

  #startStream(command: Command): void {
    const equipmentId = String(command.equipment_id);
    const streamType = String(command.stream_type);
    const channel = typeof command.channel === 'number' ? command.channel : undefined;
    if (!this.#follower.bench(this.#bench)?.equipment_ids.includes(equipmentId))
      return this.#refuse(command, 'unknown_equipment', `no instrument "${equipmentId}" on ${this.#bench}`);
    const key = `${equipmentId}/${streamType}/${channel ?? '*'}`;
    let stream = this.#streams.get(key);
    if (stream === undefined) {
      stream = { streamId: this.#nextStreamId++, equipmentId, streamType, channel, nextSeq: 0 };
      this.#streams.set(key, stream);
    }
    if (streamType === 'waveform') this.#stopWaveforms ??= this.#follower.watchWaveforms(this.#bench);
    this.#reply(command, {
      type: 'stream_started',
      equipment_id: equipmentId,
      stream_type: streamType,
      stream_id: stream.streamId,
      interval_ms: typeof command.interval_ms === 'number' ? command.interval_ms : 100,
      channel,
      encoding: streamType === 'waveform' ? 'binary' : 'json',
    });
  }

  #stopStream(command: Command): void {
    const key = `${String(command.equipment_id)}/${String(command.stream_type)}/${
      typeof command.channel === 'number' ? command.channel : '*'
    }`;
    const stream = this.#streams.get(key);
    this.#streams.delete(key);
    if (![...this.#streams.values()].some((s) => s.streamType === 'waveform')) {
      this.#stopWaveforms?.();
      this.#stopWaveforms = undefined;
    }
    this.#reply(command, {
      type: 'stream_stopped',
      equipment_id: command.equipment_id,
      stream_type: command.stream_type,
      stream_id: stream?.streamId,
    });
  }

  /** Sends a command to the bench; its messages come back as if the bench had sent them here. */
  async #forward(command: Command): Promise<void> {
    // A panel polling a setting (the scope's trigger state) while the previous read is still on its way
    // over the fleet: one read answers both, rather than a queue of reads building up at a busy bench.
    const readKey =
      command.type === 'get_parameters' ? `get_parameters/${String(command.equipment_id)}` : undefined;
    if (readKey !== undefined) {
      const waiting = this.#reads.get(readKey);
      if (waiting !== undefined) return void waiting.push(command);
      this.#reads.set(readKey, []);
    }
    let messages: readonly Record<string, unknown>[];
    try {
      messages = await this.#ask(command);
    } catch (err) {
      const error = err instanceof RequestError ? err : new RequestError('internal', String(err));
      messages = [
        {
          type: 'error',
          request_id: command.request_id,
          code: error.code,
          message: error.message,
          details: error.details,
        },
      ];
    }
    const waiting = readKey === undefined ? [] : (this.#reads.get(readKey) ?? []);
    if (readKey !== undefined) this.#reads.delete(readKey);
    for (const message of messages) this.#deliver(message);
    for (const other of waiting)
      for (const message of messages)
        this.#deliver('request_id' in message ? { ...message, request_id: other.request_id } : message);
  }

  /** One command to the bench; resolves with the messages it answered, rejects as the local link does. */
  async #ask(command: Command): Promise<readonly Record<string, unknown>[]> {
    const reply = await this.#follower.connection.request<
      Extract<FleetServerMessage, { type: 'fleet_reply' }>
    >({ type: 'fleet_command', bench: this.#bench, command }, FLEET_REQUEST_TIMEOUT_MS);
    return reply.messages as unknown as readonly Record<string, unknown>[];
  }

  /** A command of this socket's own (not a panel's): its answer is delivered as a push, a refusal dropped. */
  async #askForPush(command: Command): Promise<readonly Record<string, unknown>[]> {
    try {
      const messages = await this.#ask(command);
      for (const message of messages) if (message.type !== 'error') this.#deliver(message);
      return messages;
    } catch {
      // The link dropped or the bench is busy: the next change asks again.
      return [];
    }
  }

  #takeRecords(records: readonly HistoryRecord[]): void {
    for (const record of records) {
      if (this.#lastSeq !== undefined && record.seq <= this.#lastSeq) continue;
      // Records the bench made but this dashboard never got: a jump in every stream's seq, a gap shown.
      if (this.#lastSeq !== undefined && record.seq > this.#lastSeq + 1)
        for (const stream of this.#streams.values()) if (stream.streamType !== 'waveform') stream.nextSeq++;
      this.#lastSeq = record.seq;
      if (record.kind === 'event') {
        this.#takeEvent(record.data);
        continue;
      }
      for (const message of recordStreamData(record, this.#streams.values())) this.#deliver(message);
      if (record.kind === 'measurements' && record.equipment_id !== undefined)
        this.#refreshStats(record.equipment_id, record.timestamp);
    }
  }

  #takeEvent(data: unknown): void {
    if (typeof data !== 'object' || data === null || (data as Command).type !== 'event') return;
    this.#deliver(data);
    // A direct backend pushes its alarms on every change; the bench's answer to list_alarms stands in.
    const kind = (data as { kind?: unknown }).kind;
    if (typeof kind === 'string' && kind.startsWith('alarm_')) void this.#askForPush({ type: 'list_alarms' });
  }

  /** A direct backend pushes a scope's statistics after every record; here they are re-read, throttled. */
  #refreshStats(equipmentId: string, atMs: number): void {
    const last = this.#statsAskedMs.get(equipmentId);
    if (last !== undefined && atMs - last < STATS_REFRESH_MS) return;
    this.#statsAskedMs.set(equipmentId, atMs);
    void this.#askForPush({ type: 'get_measurement_stats', equipment_id: equipmentId }).then((messages) => {
      // A bench that keeps no statistics says so once; it is not asked again on this connection.
      if (messages.some((m) => m.type === 'error' && m.code === 'not_found'))
        this.#statsAskedMs.set(equipmentId, Infinity);
    });
  }

  #takeWaveform(waveform: FleetWaveformFrame): void {
    let byChannel = this.#waveforms.get(waveform.equipment_id);
    if (byChannel === undefined) this.#waveforms.set(waveform.equipment_id, (byChannel = new Map()));
    byChannel.set(waveform.channel, waveform);
    for (const stream of this.#streams.values()) {
      if (stream.streamType !== 'waveform' || stream.equipmentId !== waveform.equipment_id) continue;
      if (stream.channel !== undefined && stream.channel !== waveform.channel) continue;
      const frame = waveformFrame(waveform, byChannel, stream);
      if (frame !== undefined) this.#deliver(frame);
    }
  }
}
