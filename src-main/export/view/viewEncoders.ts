/**
 * "Export what you see": a view's data (shared/analysis/visibleData.ts) as file bytes, in memory — a view
 * holds at most MAX_VIEW_EXPORT_VALUES values, so there is nothing to stream. CSV is the metadata block
 * and the same table "Copy values" copies; JSON is column-oriented like the full export's; NPY is one
 * stored zip (the NPZ layout: `<x>.npy` and one float64 `.npy` per series, then metadata.json), since a
 * single .npy cannot carry an x axis. HDF5 is written by viewHdf5.ts. Pure; no I/O.
 */
import { crc32 } from 'node:zlib';
import type { JsonObject } from '../../acquisition/index.js';
import type { VisibleData } from '../../../shared/analysis/visibleData.js';
import { seriesColumnName, visibleDataCsvTable, xColumnName } from '../../../shared/analysis/visibleCsv.js';
import { csvMetadataBlock, instrumentLine } from '../../../shared/format/csvMetadata.js';
import { NPZ_METADATA_MEMBER, npyHeader } from '../npy/index.js';
import { centralDirectory, dataDescriptor, dosDateTime, localHeader, type ZipEntry } from '../npy/index.js';

const encoder = new TextEncoder();

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The metadata block and the table, as one CSV file. */
export function viewCsv(data: VisibleData, provenance: JsonObject): Uint8Array {
  const instrument = provenance.instrument;
  const block = csvMetadataBlock({
    title: data.title,
    source: 'view',
    instrument:
      typeof instrument === 'object' && instrument !== null && !Array.isArray(instrument)
        ? instrumentLine(instrument)
        : '',
    columns: data.series.map((s) => ({ name: s.name, unit: s.unit })),
    sampleRateHz: data.sample_rate_hz,
    t0Iso: text(provenance.t0_iso),
    startIso: text(provenance.start_iso),
    exportedIso: text(provenance.exported_iso) ?? '',
    appVersion: text(provenance.app_version) ?? '',
    provenance,
  });
  return encoder.encode(block + visibleDataCsvTable(data));
}

/** A column as a JSON array: NaN and infinities (which JSON cannot say) are null. */
function jsonColumn(values: Float64Array): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out += `${i > 0 ? ',' : ''}${Number.isFinite(v) ? String(v) : 'null'}`;
  }
  return `${out}]`;
}

/** `{provenance, columns, <x column>: [...], values: {<name>: [...]}}`. */
export function viewJson(data: VisibleData, provenance: JsonObject): Uint8Array {
  const head = JSON.stringify(
    { provenance, columns: data.series.map((s) => ({ name: s.name, unit: s.unit })) },
    null,
    1,
  );
  const values = data.series.map((s) => `${JSON.stringify(s.name)}:${jsonColumn(s.values)}`).join(',\n');
  return encoder.encode(
    `${head.slice(0, -2)},\n${JSON.stringify(xColumnName(data))}:${jsonColumn(data.x)},\n"values":{\n${values}}}\n`,
  );
}

/** Member names: the x column, then each series' name with anything but [A-Za-z0-9_.-] as `_`, unique. */
export function viewNpyMembers(data: VisibleData): string[] {
  const x = xColumnName(data);
  const used = new Set([x, 'metadata']);
  const names = [x];
  for (const series of data.series) {
    const base = series.name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_') || 'series';
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
    used.add(key);
    names.push(key);
  }
  return names.map((n) => `${n}.npy`);
}

function npy(values: Float64Array): Uint8Array {
  const header = npyHeader('<f8', [values.length]);
  const bytes = new Uint8Array(header.byteLength + values.byteLength);
  bytes.set(header, 0);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(header.byteLength + i * 8, values[i]!, true);
  return bytes;
}

/** One stored zip: the x axis and one float64 array per series as .npy files, then metadata.json. */
export function viewNpyArchive(data: VisibleData, provenance: JsonObject, now = new Date()): Uint8Array {
  const stamp = dosDateTime(now);
  const metadata = {
    ...provenance,
    npy_keys: Object.fromEntries(
      viewNpyMembers(data)
        .slice(1)
        .map((member, i) => [seriesColumnName(data.series[i]!), member.slice(0, -4)]),
    ),
  };
  const files: [string, Uint8Array][] = [
    ...viewNpyMembers(data).map((name, i): [string, Uint8Array] => [
      name,
      npy(i === 0 ? data.x : data.series[i - 1]!.values),
    ]),
    [NPZ_METADATA_MEMBER, encoder.encode(`${JSON.stringify(metadata, null, 1)}\n`)],
  ];
  const parts: Uint8Array[] = [];
  const entries: ZipEntry[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const entry: ZipEntry = {
      name,
      sizeBytes: content.byteLength,
      crc32: crc32(content),
      offsetBytes: offset,
    };
    for (const part of [
      localHeader(name, false, stamp),
      content,
      dataDescriptor(entry.crc32, content.byteLength, false),
    ]) {
      parts.push(part);
      offset += part.byteLength;
    }
    entries.push(entry);
  }
  parts.push(centralDirectory(entries, offset, stamp));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
