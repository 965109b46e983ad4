/**
 * One connection's acquisition commands: create, list, get, start, pause, resume, stop and delete
 * acquisitions (AcquisitionService), and its live views of them (`start_acquisition_stream`). Every
 * command gets one reply — its acknowledgement or one `error` — and is validated in full first; ids are
 * checked against the acquisition id pattern before any lookup, so nothing a client sends reaches a path.
 */
import {
  MAX_STREAMS_PER_CONNECTION,
  type AcquisitionCommandMessage,
  type Encoding,
  type ErrorCode,
  type RequestId,
  type ServerMessage,
  type StartAcquisitionStreamMessage,
  type StopAcquisitionStreamMessage,
} from '../../../shared/protocol/index.js';
import {
  AcquisitionError,
  type AcquisitionMeta,
  type AcquisitionService,
  isAcquisitionId,
} from '../../acquisition/index.js';
import { DriverError } from '../../instruments/index.js';
import type { Logger } from '../../util/index.js';
import { AcquisitionLiveView } from './AcquisitionLiveView.js';
import { toCaptureRequest, toProtocolError, toSummary } from './acquisitionWire.js';
import { resolveLiveViewTiming, resolveStart } from './liveViewOptions.js';

/**
 * Live views number their stream ids from 2^31, so they never collide with the ids `start_stream` hands out
 * (which count from 1); their frames are also told apart by kind (2, acquisition block).
 */
export const ACQUISITION_STREAM_ID_BASE = 0x8000_0000;

/** The client messages this module handles. */
export type AcquisitionSessionCommand =
  AcquisitionCommandMessage | StartAcquisitionStreamMessage | StopAcquisitionStreamMessage;

/** What a session lends its acquisition commands: the service, its encodings and its send paths. */
export interface AcquisitionSessionContext {
  /** Undefined on a server without a data directory: every command then answers not_found. */
  service: AcquisitionService | undefined;
  log: Logger;
  /** What the client accepted in hello. */
  encodings(): readonly Encoding[];
  send(message: ServerMessage): void;
  sendFrame(frame: ArrayBuffer): void;
  /** Whether the connection has a backlog its live views should not add to (OutboundQueue.congested). */
  congested(): boolean;
  replyError(
    requestId: RequestId | undefined,
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ): void;
}

/** One connection's acquisition commands and live views; disposed with the session. */
export class AcquisitionCommands {
  readonly #ctx: AcquisitionSessionContext;
  readonly #views = new Map<string, AcquisitionLiveView>();
  readonly #unsubscribe: () => void;
  #nextStreamId = ACQUISITION_STREAM_ID_BASE;

  constructor(ctx: AcquisitionSessionContext) {
    this.#ctx = ctx;
    this.#unsubscribe =
      ctx.service?.events.on((event) => {
        if (event.type === 'state') this.#views.get(event.meta.acquisition_id)?.update(event.meta);
        if (event.type === 'deleted') this.#endView(event.acquisitionId, 'acquisition deleted');
      }) ?? (() => undefined);
  }

  async handle(message: AcquisitionSessionCommand): Promise<void> {
    const service = this.#ctx.service;
    const requestId = message.request_id;
    if (service === undefined) {
      return this.#ctx.replyError(requestId, 'not_found', 'acquisitions are not available on this server');
    }
    const id: string | undefined = 'acquisition_id' in message ? message.acquisition_id : undefined;
    const shown = JSON.stringify(id?.slice(0, 32));
    if (id !== undefined && !isAcquisitionId(id)) {
      return this.#ctx.replyError(
        requestId,
        'not_found',
        `no acquisition ${shown} (ids are "acq_" and 12 hex digits)`,
        {
          field: 'acquisition_id',
        },
      );
    }
    try {
      await this.#dispatch(service, message);
    } catch (err) {
      if (err instanceof DriverError) {
        // Creating reads the instrument's settings; a failed link is the instrument's fault, not ours.
        return this.#ctx.replyError(requestId, 'instrument_fault', err.message, {
          equipment_id: 'equipment_id' in message ? message.equipment_id : undefined,
        });
      }
      if (!(err instanceof AcquisitionError)) throw err;
      const error = toProtocolError(err);
      this.#ctx.replyError(requestId, error.code, error.message, error.details);
    }
  }

  /** Ends every live view of this connection (it closed). */
  dispose(): void {
    this.#unsubscribe();
    for (const view of this.#views.values()) view.close();
    this.#views.clear();
  }

  async #dispatch(service: AcquisitionService, message: AcquisitionSessionCommand): Promise<void> {
    const request_id = message.request_id;
    const reply = async (id: string, action: (id: string) => Promise<AcquisitionMeta>): Promise<void> => {
      const meta = await action(id);
      this.#ctx.send({ type: 'acquisition', request_id, acquisition: toSummary(meta, service.live(id)) });
    };
    switch (message.type) {
      case 'create_acquisition': {
        const meta = await service.create(toCaptureRequest(message));
        return this.#ctx.send({
          type: 'acquisition_created',
          request_id,
          acquisition_id: meta.acquisition_id,
          acquisition: toSummary(meta),
        });
      }
      case 'list_acquisitions': {
        const metas = await service.list(message.equipment_id);
        const acquisitions = metas.map((m) => toSummary(m, service.live(m.acquisition_id)));
        return this.#ctx.send({ type: 'acquisitions', request_id, acquisitions });
      }
      case 'get_acquisition': {
        const meta = await service.get(message.acquisition_id);
        const acquisition = toSummary(meta, service.live(meta.acquisition_id), true);
        return this.#ctx.send({ type: 'acquisition', request_id, acquisition });
      }
      case 'start_acquisition':
        return reply(message.acquisition_id, (id) => service.start(id));
      case 'pause_acquisition':
        return reply(message.acquisition_id, (id) => service.pause(id));
      case 'resume_acquisition':
        return reply(message.acquisition_id, (id) => service.resume(id));
      case 'stop_acquisition':
        return reply(message.acquisition_id, (id) => service.stop(id));
      case 'delete_acquisition':
        await service.delete(message.acquisition_id);
        return this.#ctx.send({
          type: 'acquisition_deleted',
          request_id,
          acquisition_id: message.acquisition_id,
        });
      case 'start_acquisition_stream':
        return this.#startView(service, message);
      case 'stop_acquisition_stream':
        return this.#stopView(message);
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled acquisition message ${JSON.stringify(unreachable)}`);
      }
    }
  }

  async #startView(service: AcquisitionService, message: StartAcquisitionStreamMessage): Promise<void> {
    const { request_id, acquisition_id: id } = message;
    const binary = this.#ctx.encodings().includes('binary');
    const timing = resolveLiveViewTiming(message, binary);
    if ('code' in timing)
      return this.#ctx.replyError(request_id, timing.code, timing.message, timing.details);
    const { intervalMs, numSamples } = timing;
    const meta = await service.get(id);
    const available = service.live(id)?.flushed ?? meta.sample_count;
    const start = resolveStart(message.from_sample, available, numSamples);
    if ('code' in start) return this.#ctx.replyError(request_id, start.code, start.message, start.details);
    const { fromSample, delivery } = start;
    const existing = this.#views.get(id);
    if (!existing && this.#views.size >= MAX_STREAMS_PER_CONNECTION) {
      const limit = MAX_STREAMS_PER_CONNECTION;
      return this.#ctx.replyError(
        request_id,
        'limit_exceeded',
        `at most ${limit} acquisition streams per connection`,
        {
          limit,
        },
      );
    }
    // Starting a view that runs already restarts it with the new options, under the same stream id.
    existing?.close();
    const view = new AcquisitionLiveView({
      service,
      meta,
      streamId: existing?.streamId ?? this.#nextStreamId++,
      intervalMs,
      numSamples,
      fromSample,
      delivery,
      binary,
      log: this.#ctx.log,
      port: {
        send: (m) => this.#ctx.send(m),
        sendFrame: (f) => this.#ctx.sendFrame(f),
        congested: () => this.#ctx.congested(),
      },
      onEnded: (reason) => {
        if (this.#views.get(id) !== view) return;
        this.#views.delete(id);
        this.#ctx.send({
          type: 'acquisition_stream_stopped',
          acquisition_id: id,
          stream_id: view.streamId,
          reason,
        });
      },
    });
    this.#views.set(id, view);
    this.#ctx.send({
      type: 'acquisition_stream_started',
      request_id,
      acquisition_id: id,
      stream_id: view.streamId,
      interval_ms: intervalMs,
      num_samples: numSamples,
      from_sample: fromSample,
      delivery,
      encoding: binary ? 'binary' : 'json',
    });
    view.start();
  }

  #stopView(message: StopAcquisitionStreamMessage): void {
    const view = this.#views.get(message.acquisition_id);
    if (view === undefined) {
      return this.#ctx.replyError(
        message.request_id,
        'not_found',
        `no live view of ${message.acquisition_id} on this connection`,
        {
          acquisition_id: message.acquisition_id,
        },
      );
    }
    view.close();
    this.#views.delete(message.acquisition_id);
    this.#ctx.send({
      type: 'acquisition_stream_stopped',
      request_id: message.request_id,
      acquisition_id: message.acquisition_id,
      stream_id: view.streamId,
    });
  }

  #endView(id: string, reason: string): void {
    const view = this.#views.get(id);
    if (view === undefined) return;
    view.close();
    this.#views.delete(id);
    this.#ctx.send({
      type: 'acquisition_stream_stopped',
      acquisition_id: id,
      stream_id: view.streamId,
      reason,
    });
  }
}
