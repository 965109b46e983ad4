/**
 * The records of a ZIP archive written front to back in one pass (PKWARE APPNOTE 6.3): entries stored
 * uncompressed, each a local header with general-purpose bit 3 set — CRC and sizes follow the data in a
 * data descriptor, since the CRC is only known once the data has gone out — then the central directory and
 * the end record. ZIP64 records take over where a size or offset reaches 4 GiB (or always, when forced, so
 * that tests can cover them with small files). Pure functions, no I/O.
 */

/** Largest value a classic 32-bit ZIP field holds; at and above it, ZIP64 fields take over. */
export const ZIP32_LIMIT = 0xffffffff;

const SIG_LOCAL = 0x04034b50;
const SIG_DESCRIPTOR = 0x08074b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_END = 0x06054b50;
/** Bit 3: CRC and sizes in a data descriptor; bit 11: names are UTF-8. */
const FLAGS = 0x0808;
const VERSION_ZIP64 = 45;
const VERSION_DEFAULT = 20;
/** Made by UNIX (3), spec 4.5; so that the external attributes carry a file mode. */
const VERSION_MADE_BY = (3 << 8) | VERSION_ZIP64;
/** Regular file, rw-r--r--, in the high 16 bits of the external attributes. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;

/** One archived file, as recorded for the central directory once it is written. */
export interface ZipEntry {
  /** UTF-8 name inside the archive. */
  name: string;
  sizeBytes: number;
  crc32: number;
  /** Offset of its local header from the start of the archive. */
  offsetBytes: number;
}

/** MS-DOS date and time (local time, 2-second resolution), as ZIP stores them. */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

function writer(size: number): {
  bytes: Uint8Array;
  u16: (v: number) => void;
  u32: (v: number) => void;
  u64: (v: number) => void;
  put: (b: Uint8Array) => void;
} {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let p = 0;
  return {
    bytes,
    u16: (v) => {
      view.setUint16(p, v, true);
      p += 2;
    },
    u32: (v) => {
      view.setUint32(p, v >>> 0, true);
      p += 4;
    },
    u64: (v) => {
      view.setBigUint64(p, BigInt(v), true);
      p += 8;
    },
    put: (b) => {
      bytes.set(b, p);
      p += b.byteLength;
    },
  };
}

const encodeName = (name: string): Uint8Array => new TextEncoder().encode(name);

/** Whether an entry's data needs ZIP64 sizes (local extra field, 8-byte descriptor). */
export function entryNeedsZip64(sizeBytes: number, force = false): boolean {
  return force || sizeBytes >= ZIP32_LIMIT;
}

export function localHeaderBytes(name: string, zip64: boolean): number {
  return 30 + encodeName(name).byteLength + (zip64 ? 20 : 0);
}

/** The local header of an entry whose CRC and sizes follow in its data descriptor. */
export function localHeader(name: string, zip64: boolean, stamp: { time: number; date: number }): Uint8Array {
  const nameBytes = encodeName(name);
  const w = writer(localHeaderBytes(name, zip64));
  w.u32(SIG_LOCAL);
  w.u16(zip64 ? VERSION_ZIP64 : VERSION_DEFAULT);
  w.u16(FLAGS);
  w.u16(0); // stored
  w.u16(stamp.time);
  w.u16(stamp.date);
  w.u32(0); // CRC: in the descriptor
  w.u32(zip64 ? ZIP32_LIMIT : 0);
  w.u32(zip64 ? ZIP32_LIMIT : 0);
  w.u16(nameBytes.byteLength);
  w.u16(zip64 ? 20 : 0);
  w.put(nameBytes);
  if (zip64) {
    w.u16(0x0001);
    w.u16(16);
    w.u64(0);
    w.u64(0);
  }
  return w.bytes;
}

export function dataDescriptorBytes(zip64: boolean): number {
  return zip64 ? 24 : 16;
}

export function dataDescriptor(crc32: number, sizeBytes: number, zip64: boolean): Uint8Array {
  const w = writer(dataDescriptorBytes(zip64));
  w.u32(SIG_DESCRIPTOR);
  w.u32(crc32);
  if (zip64) {
    w.u64(sizeBytes);
    w.u64(sizeBytes);
  } else {
    w.u32(sizeBytes);
    w.u32(sizeBytes);
  }
  return w.bytes;
}

function centralEntryBytes(entry: ZipEntry, force: boolean): number {
  const sizes = force || entry.sizeBytes >= ZIP32_LIMIT;
  const offset = force || entry.offsetBytes >= ZIP32_LIMIT;
  const extra = sizes || offset ? 4 + (sizes ? 16 : 0) + (offset ? 8 : 0) : 0;
  return 46 + encodeName(entry.name).byteLength + extra;
}

/** Size of the central directory and end records for these entries, starting at `offsetBytes`. */
export function centralDirectoryBytes(
  entries: readonly ZipEntry[],
  offsetBytes: number,
  force = false,
): number {
  const size = entries.reduce((sum, e) => sum + centralEntryBytes(e, force), 0);
  return size + (needsZip64End(entries.length, size, offsetBytes, force) ? 56 + 20 : 0) + 22;
}

function needsZip64End(count: number, size: number, offset: number, force: boolean): boolean {
  return force || count >= 0xffff || size >= ZIP32_LIMIT || offset >= ZIP32_LIMIT;
}

/** The central directory, ZIP64 end record and locator when needed, and the end record. */
export function centralDirectory(
  entries: readonly ZipEntry[],
  offsetBytes: number,
  stamp: { time: number; date: number },
  force = false,
): Uint8Array {
  const size = entries.reduce((sum, e) => sum + centralEntryBytes(e, force), 0);
  const zip64End = needsZip64End(entries.length, size, offsetBytes, force);
  const w = writer(centralDirectoryBytes(entries, offsetBytes, force));
  for (const entry of entries) {
    const nameBytes = encodeName(entry.name);
    const sizes = force || entry.sizeBytes >= ZIP32_LIMIT;
    const offset = force || entry.offsetBytes >= ZIP32_LIMIT;
    const extra = sizes || offset ? 4 + (sizes ? 16 : 0) + (offset ? 8 : 0) : 0;
    w.u32(SIG_CENTRAL);
    w.u16(VERSION_MADE_BY);
    w.u16(entryNeedsZip64(entry.sizeBytes, force) || offset ? VERSION_ZIP64 : VERSION_DEFAULT);
    w.u16(FLAGS);
    w.u16(0);
    w.u16(stamp.time);
    w.u16(stamp.date);
    w.u32(entry.crc32);
    w.u32(sizes ? ZIP32_LIMIT : entry.sizeBytes);
    w.u32(sizes ? ZIP32_LIMIT : entry.sizeBytes);
    w.u16(nameBytes.byteLength);
    w.u16(extra);
    w.u16(0); // comment
    w.u16(0); // disk
    w.u16(0); // internal attributes
    w.u32(EXTERNAL_ATTRIBUTES);
    w.u32(offset ? ZIP32_LIMIT : entry.offsetBytes);
    w.put(nameBytes);
    if (extra > 0) {
      w.u16(0x0001);
      w.u16(extra - 4);
      if (sizes) {
        w.u64(entry.sizeBytes);
        w.u64(entry.sizeBytes);
      }
      if (offset) w.u64(entry.offsetBytes);
    }
  }
  const count = entries.length;
  if (zip64End) {
    const zip64EndOffset = offsetBytes + size;
    w.u32(SIG_ZIP64_END);
    w.u64(44); // size of the rest of this record
    w.u16(VERSION_MADE_BY);
    w.u16(VERSION_ZIP64);
    w.u32(0);
    w.u32(0);
    w.u64(count);
    w.u64(count);
    w.u64(size);
    w.u64(offsetBytes);
    w.u32(SIG_ZIP64_LOCATOR);
    w.u32(0);
    w.u64(zip64EndOffset);
    w.u32(1);
  }
  w.u32(SIG_END);
  w.u16(0);
  w.u16(0);
  w.u16(zip64End ? 0xffff : count);
  w.u16(zip64End ? 0xffff : count);
  w.u32(zip64End ? ZIP32_LIMIT : size);
  w.u32(zip64End ? ZIP32_LIMIT : offsetBytes);
  w.u16(0); // comment
  return w.bytes;
}

/** Exact size of an archive of stored files of these names and sizes. */
export function zipArchiveBytes(
  files: readonly { name: string; sizeBytes: number }[],
  force = false,
): number {
  let offset = 0;
  const entries: ZipEntry[] = files.map((f) => {
    const zip64 = entryNeedsZip64(f.sizeBytes, force);
    const entry = { name: f.name, sizeBytes: f.sizeBytes, crc32: 0, offsetBytes: offset };
    offset += localHeaderBytes(f.name, zip64) + f.sizeBytes + dataDescriptorBytes(zip64);
    return entry;
  });
  return offset + centralDirectoryBytes(entries, offset, force);
}
