/**
 * Minimal readers of the export formats, for round-trip tests on the TypeScript side (the independent
 * Python readers live in test/integration/export/python): CSV, NPY, NPZ (stored zip), HDF5 (via h5wasm)
 * and a bit-exact comparison of float32 columns.
 */
import { readFile } from 'node:fs/promises';
import { loadH5wasm } from '../../src-main/export/hdf5/h5wasmLoader.js';

export interface CsvTable {
  header: string[];
  time: number[];
  timeText: string[];
  /** Columns after time_s, parsed (empty field → NaN). */
  columns: Float32Array[];
  text: string;
}

/** Splits a CSV line (quoted fields allowed). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 2;
          break;
        }
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

export async function readCsv(filePath: string): Promise<CsvTable> {
  const text = await readFile(filePath, 'utf8');
  const lines = text.split('\r\n').filter((l) => !l.startsWith('#'));
  if (lines.pop() !== '') throw new Error('CSV does not end with CRLF');
  const header = csvFields(lines[0]!);
  const rows = lines.slice(1).map((l) => l.split(','));
  const columns = header
    .slice(1)
    .map((_, c) => Float32Array.from(rows, (r) => (r[c + 1] === '' ? NaN : Number(r[c + 1]))));
  return { header, time: rows.map((r) => Number(r[0])), timeText: rows.map((r) => r[0]!), columns, text };
}

export interface NpyArray {
  shape: number[];
  descr: string;
  headerBytes: number;
  data: Uint8Array;
}

export function parseNpy(bytes: Uint8Array): NpyArray {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + length));
  const shape = /'shape': \(([^)]*)\)/
    .exec(header)![1]!
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);
  const descr = /'descr': '([^']+)'/.exec(header)![1]!;
  return { shape, descr, headerBytes: 10 + length, data: bytes.slice(10 + length) };
}

/** The stored (uncompressed) members of a zip, by name, from its central directory. */
export function readStoredZip(bytes: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.byteLength - 22;
  if (view.getUint32(end, true) !== 0x06054b50) throw new Error('no end record');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const members = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const dataStart = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    members.set(name, bytes.subarray(dataStart, dataStart + size));
    at += 46 + nameLength + extra + comment;
  }
  return members;
}

export interface Hdf5Content {
  attrs: Record<string, unknown>;
  datasets: Map<
    string,
    { shape: number[]; values: Float32Array; attrs: Record<string, unknown>; chunks: number[] | null }
  >;
}

export async function readHdf5(filePath: string): Promise<Hdf5Content> {
  const h5wasm = await loadH5wasm();
  const file = new h5wasm.File(filePath, 'r');
  try {
    const attrsOf = (entity: { attrs: Record<string, { value: unknown }> }): Record<string, unknown> =>
      Object.fromEntries(Object.entries(entity.attrs).map(([k, a]) => [k, a.value]));
    const group = file.get('channels') as InstanceType<typeof h5wasm.Group>;
    const datasets = new Map<
      string,
      { shape: number[]; values: Float32Array; attrs: Record<string, unknown>; chunks: number[] | null }
    >();
    for (const name of group.keys()) {
      const dataset = group.get(name) as InstanceType<typeof h5wasm.Dataset>;
      const chunks = (dataset.metadata as { chunks?: number[] | null }).chunks ?? null;
      datasets.set(name, {
        shape: dataset.shape ?? [],
        values: (dataset.value as Float32Array | null) ?? new Float32Array(0),
        attrs: attrsOf(dataset),
        chunks,
      });
    }
    return { attrs: attrsOf(file), datasets };
  } finally {
    file.close();
  }
}

/** Index of the first value whose float32 bits differ (NaNs of any payload count as equal), or -1. */
export function firstBitMismatch(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) return Math.min(actual.length, expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== e[i] && !(Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) return i;
  }
  return -1;
}
