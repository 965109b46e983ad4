/**
 * An export's end as the event every client receives and the events log keeps (`export_done`,
 * `export_failed`; a cancelled one is `export_failed` at level info with code `cancelled`).
 */
import path from 'node:path';
import type { EventMessage } from '../../../shared/protocol/index.js';
import type { ExportJobEvent } from '../../export/index.js';
import { formatBytes } from '../../util/index.js';

export function exportEventMessage(event: ExportJobEvent, nowMs = Date.now()): EventMessage {
  const { meta, exportId } = event;
  const common = {
    type: 'event' as const,
    equipment_id: meta.equipment_id || undefined,
    timestamp: nowMs,
  };
  if (event.type === 'done') {
    const { result } = event;
    return {
      ...common,
      level: 'info',
      kind: 'export_done',
      message: `acquisition ${meta.acquisition_id} exported as ${result.format}: ${path.basename(result.path)} (${formatBytes(result.bytes)})`,
      details: {
        export_id: exportId,
        acquisition_id: meta.acquisition_id,
        format: result.format,
        file_name: path.basename(result.path),
        bytes: result.bytes,
        sha256: result.sha256,
      },
    };
  }
  const code = (event.error as { code?: unknown } | undefined)?.code;
  const reason = event.error instanceof Error ? event.error.message : String(event.error);
  const cancelled = code === 'cancelled';
  return {
    ...common,
    level: cancelled ? 'info' : 'warning',
    kind: 'export_failed',
    message: cancelled
      ? `export of acquisition ${meta.acquisition_id} as ${event.format} cancelled`
      : `export of acquisition ${meta.acquisition_id} as ${event.format} failed: ${reason}`,
    details: {
      export_id: exportId,
      acquisition_id: meta.acquisition_id,
      format: event.format,
      ...(typeof code === 'string' && { code }),
    },
  };
}
