/**
 * One connection's "export what you see" uploads (protocol in shared/protocol/exportView.ts): `export_view`
 * describes the view and reserves its columns; `export_view_part` fills them in order; the part that
 * completes the last column has the file written (src-main/export, exportView) and answered with
 * `export_view_done`. One upload per connection at a time — a new `export_view` drops an unfinished one —
 * and at most MAX_VIEW_EXPORT_VALUES values, so a connection can hold no more than 32 MiB here. Any bad part
 * drops the upload with an `error` that says why; nothing is written.
 */
import { randomBytes } from 'node:crypto';
import {
  base64ToFloat64,
  type ExportViewCommandMessage,
  type ExportViewMessage,
  type ExportViewPartMessage,
  MAX_VIEW_EXPORT_VALUES,
  VIEW_PART_VALUES,
} from '../../../shared/protocol/index.js';
import type { VisibleData } from '../../../shared/analysis/visibleData.js';
import {
  exportView,
  ExportError,
  type ExportJobs,
  VIEW_EXTENSIONS,
  viewProvenance,
} from '../../export/index.js';
import type { ExportSessionContext } from './exportCommands.js';

interface Upload {
  id: string;
  message: ExportViewMessage;
  /** x first, then each series. */
  columns: Float64Array[];
  /** Values received per column. */
  filled: number[];
}

export class ViewUploads {
  readonly #ctx: ExportSessionContext;
  #upload: Upload | undefined;

  constructor(ctx: ExportSessionContext) {
    this.#ctx = ctx;
  }

  async handle(jobs: ExportJobs, message: ExportViewCommandMessage): Promise<void> {
    if (message.type === 'export_view') return this.#begin(message);
    return this.#part(jobs, message);
  }

  #begin(message: ExportViewMessage): void {
    this.#upload = undefined;
    const id = message.request_id;
    const columns = message.series.length + 1;
    const values = message.row_count * columns;
    if (values > MAX_VIEW_EXPORT_VALUES) {
      return this.#ctx.replyError(
        id,
        'too_large',
        `the view has ${message.row_count} rows × ${columns} columns = ${values} values; at most ` +
          `${MAX_VIEW_EXPORT_VALUES} can be exported at once — zoom in or show fewer channels`,
        { values, max_values: MAX_VIEW_EXPORT_VALUES },
      );
    }
    const names = new Set(message.series.map((s) => s.name));
    if (names.size !== message.series.length) {
      return this.#ctx.replyError(id, 'invalid_message', 'two series of the view have the same name', {
        field: 'series',
      });
    }
    const uploadId = `view_${randomBytes(6).toString('hex')}`;
    this.#upload = {
      id: uploadId,
      message,
      columns: Array.from({ length: columns }, () => new Float64Array(message.row_count)),
      filled: new Array<number>(columns).fill(0),
    };
    this.#ctx.send({
      type: 'export_view_ready',
      request_id: id,
      upload_id: uploadId,
      part_values: VIEW_PART_VALUES,
    });
  }

  async #part(jobs: ExportJobs, message: ExportViewPartMessage): Promise<void> {
    const id = message.request_id;
    const upload = this.#upload;
    if (upload?.id !== message.upload_id) {
      return this.#ctx.replyError(
        id,
        'not_found',
        `no view upload "${message.upload_id.slice(0, 64)}" on this connection (it ended, or a newer export_view replaced it)`,
        { upload_id: message.upload_id },
      );
    }
    const fail = (code: 'out_of_range' | 'invalid_message', text: string): void => {
      this.#upload = undefined;
      this.#ctx.replyError(id, code, `${text}; the upload is dropped — export the view again`, {
        upload_id: upload.id,
      });
    };
    const column = upload.columns[message.column];
    if (column === undefined) {
      return fail(
        'out_of_range',
        `column ${message.column} does not exist (0 = x, 1…${upload.columns.length - 1} = series)`,
      );
    }
    if (message.offset !== upload.filled[message.column]) {
      return fail(
        'out_of_range',
        `column ${message.column}: part at ${message.offset}, expected the next at ${upload.filled[message.column]}`,
      );
    }
    const values = base64ToFloat64(message.values);
    if (values === undefined)
      return fail('invalid_message', 'values are not little-endian float64 in base64');
    if (message.offset + values.length > column.length) {
      return fail('out_of_range', `column ${message.column}: more than the ${column.length} rows announced`);
    }
    column.set(values, message.offset);
    upload.filled[message.column]! += values.length;
    const received = upload.filled.reduce((a, b) => a + b, 0);
    if (received < upload.columns.length * upload.message.row_count) {
      return this.#ctx.send({
        type: 'export_view_part_ok',
        request_id: id,
        upload_id: upload.id,
        received_values: received,
      });
    }
    this.#upload = undefined;
    await this.#write(jobs, upload, id);
  }

  async #write(
    jobs: ExportJobs,
    upload: Upload,
    requestId: ExportViewPartMessage['request_id'],
  ): Promise<void> {
    const m = upload.message;
    const data: VisibleData = {
      title: m.title,
      x: upload.columns[0]!,
      x_name: m.x_name,
      x_unit: m.x_unit,
      ...(m.t0_ms !== undefined ? { t0_ms: m.t0_ms } : {}),
      ...(m.sample_rate_hz !== undefined ? { sample_rate_hz: m.sample_rate_hz } : {}),
      series: m.series.map((s, i) => ({ name: s.name, unit: s.unit, values: upload.columns[i + 1]! })),
      provenance: m.provenance,
    };
    const equipmentId = m.provenance.equipment_id;
    const instrument = typeof equipmentId === 'string' ? jobs.instrumentIdentity(equipmentId) : undefined;
    try {
      const provenance = viewProvenance(data, {
        exportedMs: Date.now(),
        ...(instrument ? { instrument } : {}),
      });
      const target = await jobs.viewTarget(m.title, VIEW_EXTENSIONS[m.format]);
      const result = await exportView(data, m.format, target, provenance);
      const url = jobs.viewDownload(result.path, result.identity);
      this.#ctx.send({
        type: 'export_view_done',
        request_id: requestId,
        upload_id: upload.id,
        format: m.format,
        path: result.path,
        bytes: result.bytes,
        sha256: result.sha256,
        rows: result.rows,
        ...(url ? { download_url: url } : {}),
      });
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      const code =
        err instanceof ExportError && err.code === 'disk_full' ? 'insufficient_storage' : 'storage_error';
      this.#ctx.replyError(requestId, code, `the view export failed: ${text}`, { upload_id: upload.id });
    }
  }
}
