/**
 * Writes a view's data ("export what you see", issue 20) to `targetPath`: the provenance the backend vouches
 * for (its version, the time, the instrument's identity as the registry knows it) around the view's own
 * account of itself, then the file in the format asked for, written under a temp name and renamed into
 * place as every export is. Resolves with its path, size, SHA-256 and identity (for a download link).
 */
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JsonObject, JsonValue } from '../../acquisition/index.js';
import type { VisibleData } from '../../../shared/analysis/visibleData.js';
import type { ViewExportFormat } from '../../../shared/protocol/exportView.js';
import { APP_VERSION } from '../../version.js';
import {
  commitExport,
  type FileIdentity,
  type InstrumentIdentity,
  PROVENANCE_VERSION,
  removeQuietly,
  tempPathFor,
  toExportError,
} from '../common/index.js';
import { viewCsv, viewJson, viewNpyArchive } from './viewEncoders.js';
import { writeViewHdf5 } from './viewHdf5.js';

/** File extension per view format: NPY is an archive (.npy.zip), see viewEncoders.ts. */
export const VIEW_EXTENSIONS: Record<ViewExportFormat, string> = {
  csv: 'csv',
  npy: 'npy.zip',
  hdf5: 'h5',
  json: 'json',
};

export interface ViewExportResult {
  path: string;
  bytes: number;
  sha256: string;
  identity: FileIdentity;
  rows: number;
}

/** JSON-only copy of what the page said (undefined and functions dropped, as JSON would). */
function jsonOnly(value: Record<string, unknown>): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

/**
 * The provenance of a view export: the backend's own fields, the instrument as the registry knows it
 * (`instrument`, when the view names an equipment id the backend has), and the page's account under `view`.
 */
export function viewProvenance(
  data: VisibleData,
  options: { exportedMs: number; instrument?: InstrumentIdentity & { settings?: JsonValue } },
): JsonObject {
  const view = jsonOnly(data.provenance);
  const equipmentId = typeof view.equipment_id === 'string' ? view.equipment_id : undefined;
  const provenance: JsonObject = {
    benchtop_export_version: PROVENANCE_VERSION,
    app_version: APP_VERSION,
    exported_iso: new Date(options.exportedMs).toISOString(),
    kind: 'view',
    title: data.title,
  };
  if (equipmentId !== undefined || options.instrument !== undefined) {
    const instrument: JsonObject = {};
    if (equipmentId !== undefined) instrument.equipment_id = equipmentId;
    for (const [key, value] of Object.entries(options.instrument ?? {}))
      if (value !== undefined) instrument[key] = value as JsonValue;
    if (instrument.settings === undefined && view.settings !== undefined) instrument.settings = view.settings;
    provenance.instrument = instrument;
  }
  provenance.x_name = data.x_name;
  provenance.x_unit = data.x_unit;
  if (data.t0_ms !== undefined) {
    provenance.t0_ms = data.t0_ms;
    provenance.t0_iso = new Date(data.t0_ms).toISOString();
    if (data.x.length > 0 && data.x_unit === 's')
      provenance.start_iso = new Date(data.t0_ms + data.x[0]! * 1000).toISOString();
  }
  if (data.sample_rate_hz !== undefined) provenance.sample_rate_hz = data.sample_rate_hz;
  provenance.row_count = data.x.length;
  provenance.columns = data.series.map((s) => ({ name: s.name, unit: s.unit }));
  provenance.view = view;
  return provenance;
}

/** Writes the file; rejects with ExportError (io_error, disk_full, exists). Leaves nothing on failure. */
export async function exportView(
  data: VisibleData,
  format: ViewExportFormat,
  targetPath: string,
  provenance: JsonObject,
): Promise<ViewExportResult> {
  const tempPath = tempPathFor(targetPath);
  try {
    if (format === 'hdf5') await writeViewHdf5(tempPath, data, provenance);
    else {
      const bytes =
        format === 'csv'
          ? viewCsv(data, provenance)
          : format === 'json'
            ? viewJson(data, provenance)
            : viewNpyArchive(data, provenance);
      const handle = await open(tempPath, 'wx', 0o644);
      try {
        await handle.writeFile(bytes);
        await handle.datasync();
      } finally {
        await handle.close();
      }
    }
    const written = await readFile(tempPath);
    const sha256 = createHash('sha256').update(written).digest('hex');
    const identity = await commitExport({ tempPath, targetPath, overwrite: false, sync: true });
    return { path: targetPath, bytes: written.byteLength, sha256, identity, rows: data.x.length };
  } catch (err) {
    await removeQuietly([tempPath]);
    throw toExportError(err, `writing ${path.basename(targetPath)}`);
  }
}
