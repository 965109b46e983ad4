/**
 * One connection's export commands: `estimate_export` (what would be written, before writing),
 * `export_acquisition` (start; progress, then done or failed) and `cancel_export`. The request is checked
 * in full — acquisition, format, channels, range, target — before `export_started` is sent, so a bad
 * request gets one `error` and never starts a job.
 */
import type {
  ErrorCode,
  ExportCommandMessage,
  ExportViewCommandMessage,
  RequestId,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import { isAcquisitionId } from '../../acquisition/index.js';
import {
  ExportError,
  type ExportJobCallbacks,
  type ExportJobs,
  type ExportRequest,
} from '../../export/index.js';
import { ViewUploads } from './viewUploads.js';

export interface ExportSessionContext {
  jobs: ExportJobs | undefined;
  send(message: ServerMessage): void;
  replyError(
    requestId: RequestId | undefined,
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ): void;
}

/** ExportError codes that are the client's to fix, as protocol error codes for an immediate `error`. */
const REJECTION_CODES: Partial<Record<string, ErrorCode>> = {
  invalid_format: 'invalid_message',
  out_of_range: 'out_of_range',
  too_large: 'too_large',
  invalid_path: 'invalid_path',
  not_found: 'not_found',
  exists: 'invalid_path',
  disk_full: 'insufficient_storage',
  limit_exceeded: 'limit_exceeded',
};

export class ExportCommands {
  readonly #ctx: ExportSessionContext;
  readonly #views: ViewUploads;

  constructor(ctx: ExportSessionContext) {
    this.#ctx = ctx;
    this.#views = new ViewUploads(ctx);
  }

  async handle(message: ExportCommandMessage | ExportViewCommandMessage): Promise<void> {
    const jobs = this.#ctx.jobs;
    const id = message.request_id;
    if (!jobs)
      return this.#ctx.replyError(
        id,
        'not_found',
        'this backend has no data directory, so nothing to export',
      );
    if (message.type === 'export_view' || message.type === 'export_view_part')
      return this.#views.handle(jobs, message);
    if (message.type === 'cancel_export') {
      if (!jobs.cancel(message.export_id)) {
        return this.#ctx.replyError(
          id,
          'not_found',
          `no running export "${message.export_id.slice(0, 64)}"`,
          { export_id: message.export_id },
        );
      }
      return this.#ctx.send({ type: 'export_cancelling', request_id: id, export_id: message.export_id });
    }
    // isAcquisitionId narrows `unknown` to string, so keep the raw id as a plain string for the message.
    const requestedId: string = message.acquisition_id;
    if (!isAcquisitionId(requestedId)) {
      return this.#ctx.replyError(id, 'not_found', `no acquisition "${String(requestedId).slice(0, 64)}"`, {
        field: 'acquisition_id',
      });
    }
    const meta = await jobs.meta(message.acquisition_id);
    if (!meta)
      return this.#ctx.replyError(id, 'not_found', `no acquisition "${message.acquisition_id}"`, {
        field: 'acquisition_id',
      });
    const request: ExportRequest = {
      acquisitionId: meta.acquisition_id,
      format: message.format,
      channels: message.channels,
      startS: message.start_s,
      endS: message.end_s,
      path: message.type === 'export_acquisition' ? message.path : undefined,
    };
    let estimatedBytes: number;
    let target: Awaited<ReturnType<ExportJobs['target']>> | undefined;
    try {
      estimatedBytes = jobs.estimate(meta, request);
      if (message.type === 'export_acquisition') target = await jobs.target(meta, request);
    } catch (err) {
      return this.#reject(id, err);
    }
    if (message.type === 'estimate_export' || !target) {
      return this.#ctx.send({
        type: 'export_estimate',
        request_id: id,
        acquisition_id: meta.acquisition_id,
        format: message.format,
        estimated_bytes: estimatedBytes,
      });
    }
    const exportId = target.exportId;
    const callbacks: ExportJobCallbacks = {
      onProgress: (p) =>
        this.#ctx.send({
          type: 'export_progress',
          export_id: exportId,
          bytes_written: p.bytesWritten,
          fraction: p.fraction,
        }),
      onDone: (result, downloadUrl) =>
        this.#ctx.send({
          type: 'export_done',
          export_id: exportId,
          path: result.path,
          bytes: result.bytes,
          sha256: result.sha256,
          ...(downloadUrl ? { download_url: downloadUrl } : {}),
          ...(result.sidecarPath ? { sidecars: [result.sidecarPath] } : {}),
        }),
      onFailed: (err) => {
        const code = err instanceof ExportError ? err.code : 'io_error';
        const text = err instanceof Error ? err.message : String(err);
        this.#ctx.send({ type: 'export_failed', export_id: exportId, code, message: text });
      },
    };
    try {
      jobs.start(meta, request, target, callbacks, this);
    } catch (err) {
      return this.#reject(id, err);
    }
    this.#ctx.send({
      type: 'export_started',
      request_id: id,
      export_id: exportId,
      acquisition_id: meta.acquisition_id,
      format: message.format,
      estimated_bytes: estimatedBytes,
    });
  }

  #reject(requestId: RequestId | undefined, err: unknown): void {
    if (err instanceof ExportError) {
      const code = REJECTION_CODES[err.code] ?? 'internal';
      return this.#ctx.replyError(requestId, code, err.message, { ...err.details, export_code: err.code });
    }
    throw err;
  }
}
