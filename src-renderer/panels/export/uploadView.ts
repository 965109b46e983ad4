/**
 * Sends a view's data to the backend for "export what you see" (protocol: shared/protocol/exportView.ts):
 * the description, then each column in parts that fit the socket's message limit, each part awaited before
 * the next so a large view never floods the socket. Refuses before sending anything when the view is over
 * the backend's bound, saying by how much.
 */
import type { VisibleData } from '../../../shared/analysis/visibleData';
import {
  type ExportViewDoneMessage,
  type ExportViewReadyMessage,
  float64ToBase64,
  MAX_VIEW_EXPORT_SERIES,
  MAX_VIEW_EXPORT_VALUES,
  type ServerMessage,
  type ViewExportFormat,
} from '../../../shared/protocol';
import type { ConnectionManager } from '../../connection/ConnectionManager';

/**
 * How long the description or one part (the last writes the file) may take before the export is given up,
 * ms: far above the default request timeout, which a loaded backend missed (the export then failed).
 */
const PART_TIMEOUT_MS = 60_000;

/** Why a view cannot be exported as it is; undefined when it can. */
export function viewExportProblem(data: VisibleData): string | undefined {
  const rows = data.x.length;
  if (rows === 0) return 'Nothing is shown: there are no points in view to export.';
  if (data.series.length === 0) return 'No channel is shown: switch one on to export the view.';
  if (data.series.length > MAX_VIEW_EXPORT_SERIES)
    return `The view has ${data.series.length} series; at most ${MAX_VIEW_EXPORT_SERIES} can be exported.`;
  const values = rows * (data.series.length + 1);
  if (values > MAX_VIEW_EXPORT_VALUES) {
    return (
      `The view has ${rows.toLocaleString('en')} rows × ${data.series.length + 1} columns = ` +
      `${values.toLocaleString('en')} values; at most ${MAX_VIEW_EXPORT_VALUES.toLocaleString('en')} ` +
      'can be exported at once — zoom in or show fewer channels.'
    );
  }
  return undefined;
}

/** Uploads `data` and resolves with the backend's `export_view_done`; rejects with its error. */
export async function uploadView(
  connection: Pick<ConnectionManager, 'request'>,
  data: VisibleData,
  format: ViewExportFormat,
  onProgress?: (fraction: number) => void,
): Promise<ExportViewDoneMessage> {
  const problem = viewExportProblem(data);
  if (problem !== undefined) throw new Error(problem);
  const ready = await connection.request<ExportViewReadyMessage>(
    {
      type: 'export_view',
      format,
      title: data.title.slice(0, 120) || 'view',
      x_name: data.x_name,
      x_unit: data.x_unit,
      ...(data.t0_ms !== undefined ? { t0_ms: data.t0_ms } : {}),
      ...(data.sample_rate_hz !== undefined ? { sample_rate_hz: data.sample_rate_hz } : {}),
      row_count: data.x.length,
      series: data.series.map((s) => ({ name: s.name, unit: s.unit })),
      provenance: data.provenance,
    },
    PART_TIMEOUT_MS,
  );
  const columns = [data.x, ...data.series.map((s) => s.values)];
  const total = columns.length * data.x.length;
  let sent = 0;
  let last: ServerMessage | undefined;
  for (const [column, values] of columns.entries()) {
    for (let offset = 0; offset < values.length; offset += ready.part_values) {
      const part = values.subarray(offset, offset + ready.part_values);
      last = await connection.request(
        {
          type: 'export_view_part',
          upload_id: ready.upload_id,
          column,
          offset,
          values: float64ToBase64(part),
        },
        // The last part has the file written (HDF5 loads its library the first time): allow for it.
        PART_TIMEOUT_MS,
      );
      sent += part.length;
      onProgress?.(sent / total);
    }
  }
  if (last?.type !== 'export_view_done') throw new Error('the backend did not confirm the view export');
  return last;
}
