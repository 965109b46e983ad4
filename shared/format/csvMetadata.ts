/**
 * The metadata block at the top of every Benchtop CSV (full exports and "export what you see"): a fixed
 * set of `# key: value` lines before the header row, so a CSV that leaves the machine still says what it
 * holds — channels and units, sample rate, start time (ISO 8601 UTC) and the full provenance as one line of
 * JSON. The block always has CSV_METADATA_LINES lines (a value that is not known is left empty), so readers
 * that cannot skip comments get one fixed number to skip:
 *
 *   pandas.read_csv(path, comment='#')
 *   numpy.genfromtxt(path, delimiter=',', names=True, skip_header=CSV_METADATA_LINES)
 *
 * (numpy's names=True would take a comment line as the names, hence skip_header.) Pure; no I/O.
 */

/** The keys, in order; each is one line `# <key>: <value>`. */
export const CSV_METADATA_KEYS = [
  'benchtop_csv',
  'read_with',
  'title',
  'source',
  'instrument',
  'columns',
  'sample_rate_hz',
  't0_iso',
  'start_iso',
  'exported_iso',
  'app_version',
  'provenance',
] as const;

/** Lines in the metadata block (numpy's skip_header). */
export const CSV_METADATA_LINES = CSV_METADATA_KEYS.length;

/** Version of the block's layout, the value of `benchtop_csv`. */
export const CSV_METADATA_VERSION = 1;

const READ_WITH =
  `pandas.read_csv(path, comment='#') or ` +
  `numpy.genfromtxt(path, delimiter=',', names=True, skip_header=${CSV_METADATA_LINES})`;

export interface CsvMetadata {
  /** What the file holds: an acquisition's name, or a view's title ("Scope DS1054Z"). */
  title: string;
  /** Where it came from: "acquisition <id>" or "view". */
  source: string;
  /** "RIGOL DS1054Z, serial DS1ZA…, equipment scope_1"; empty when not known. */
  instrument: string;
  /** The data columns after the first, as named in the header row. */
  columns: readonly { name: string; unit: string }[];
  sampleRateHz?: number;
  /** ISO 8601 UTC of x = 0 and of the first row (absent for a spectrum). */
  t0Iso?: string;
  startIso?: string;
  exportedIso: string;
  appVersion: string;
  /** The whole provenance block, written as one line of JSON. */
  provenance: unknown;
}

/** A value on one line: text with its line breaks (and other controls) turned into spaces, the rest JSON. */
function lineValue(value: unknown): string {
  if (value === undefined) return '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not break a line
  if (typeof value === 'string') return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return JSON.stringify(value) ?? '';
}

/** The metadata block: CSV_METADATA_LINES lines, each ending in CRLF. */
export function csvMetadataBlock(meta: CsvMetadata): string {
  const values: Record<(typeof CSV_METADATA_KEYS)[number], unknown> = {
    benchtop_csv: CSV_METADATA_VERSION,
    read_with: READ_WITH,
    title: meta.title,
    source: meta.source,
    instrument: meta.instrument,
    columns: meta.columns.map((c) => ({ name: c.name, unit: c.unit })),
    sample_rate_hz: meta.sampleRateHz,
    t0_iso: meta.t0Iso,
    start_iso: meta.startIso,
    exported_iso: meta.exportedIso,
    app_version: meta.appVersion,
    provenance: meta.provenance,
  };
  return CSV_METADATA_KEYS.map((key) => `# ${key}: ${lineValue(values[key])}\r\n`).join('');
}

/** "RIGOL DS1054Z, serial X, equipment scope_1" from whichever parts are known. */
export function instrumentLine(parts: {
  vendor?: unknown;
  model?: unknown;
  serial?: unknown;
  equipment_id?: unknown;
}): string {
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const name = [text(parts.vendor), text(parts.model)].filter((s) => s !== undefined).join(' ');
  const serial = text(parts.serial);
  const equipment = text(parts.equipment_id);
  return [name || undefined, serial && `serial ${serial}`, equipment && `equipment ${equipment}`]
    .filter((s) => s !== undefined)
    .join(', ');
}
