/**
 * Watching HDF5 write its file, to learn where it put each chunk: h5wasm has no call that tells (no
 * H5Dget_chunk_info), but every byte HDF5 writes leaves the WebAssembly module through one JavaScript
 * function — HDF5's sec2 driver calls pwrite, which Emscripten's NODERAWFS turns into `FS.write(stream,
 * HEAP8, pointer, length, position)` and then fs.writeSync. Wrapping `FS.write` on h5wasm's module sees
 * them all.
 *
 * A watch recognises the chunks of its own export by a marker in their first bytes (see hdf5Layout.ts):
 * such a write is recorded and not made — the data comes later, from the export — and HDF5 is told it
 * succeeded. Every other write goes through untouched; those to the watched file are recorded as metadata
 * extents. Several exports may run at once, so one wrapper serves every watch and goes with the last one.
 */

/** The part of Emscripten's FS the watch wraps. */
interface EmscriptenFs {
  write(
    stream: unknown,
    buffer: ArrayBufferView,
    offset: number,
    length: number,
    position?: number,
    canOwn?: boolean,
  ): number;
}

export interface WriteWatch {
  /** Path of the file HDF5 writes, as given to h5wasm. */
  readonly path: string;
  /**
   * Called for every positioned write h5wasm makes (to any file: `ownFile` says whether it is the watched
   * one), with its bytes; returns true to drop it (a marked chunk) or false to let it through.
   */
  onWrite(bytes: Uint8Array, positionBytes: number, ownFile: boolean): boolean;
}

const watches = new Set<WriteWatch>();
let installed: { fs: EmscriptenFs; write: EmscriptenFs['write'] } | undefined;

function install(fs: EmscriptenFs): void {
  const write = fs.write;
  installed = { fs, write };
  fs.write = function (this: unknown, stream, buffer, offset, length, position, canOwn) {
    if (position !== undefined) {
      const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
      const streamPath = (stream as { path?: unknown }).path;
      let drop = false;
      for (const watch of watches) drop = watch.onWrite(bytes, position, watch.path === streamPath) || drop;
      if (drop) return length;
    }
    return write.call(this, stream, buffer, offset, length, position, canOwn);
  };
}

/** Starts `watch` on h5wasm's FS; the returned function ends it (call it in a finally). */
export function watchWrites(fs: object, watch: WriteWatch): () => void {
  if (installed !== undefined && installed.fs !== fs) throw new Error('h5wasm was loaded twice');
  if (installed === undefined) install(fs as EmscriptenFs);
  watches.add(watch);
  return () => {
    watches.delete(watch);
    if (watches.size === 0 && installed !== undefined) {
      installed.fs.write = installed.write;
      installed = undefined;
    }
  };
}
