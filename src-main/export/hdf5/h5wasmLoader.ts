/**
 * Loads h5wasm's Node build once, on first use (it is a 4 MB module; the app should not pay for it at
 * start-up). The Node build does its I/O on the host file system (Emscripten NODERAWFS), so HDF5 exports
 * are written straight to disk and memory stays at a chunk. HDF5 errors are turned into exceptions
 * carrying HDF5's error stack instead of being printed to stderr.
 */
export type H5wasm = (typeof import('h5wasm/node'))['default'];

let loading: Promise<H5wasm> | undefined;

async function load(): Promise<H5wasm> {
  // Emscripten's start-up check reads navigator.userAgent and refuses a "Chrome" it was not built for;
  // Electron's main process (and Node ≥ 21) define navigator. h5wasm's README prescribes hiding it while
  // the module initialises.
  const navigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  if (navigator?.configurable) {
    Object.defineProperty(globalThis, 'navigator', { value: undefined, configurable: true });
  }
  try {
    const h5wasm = (await import('h5wasm/node')).default;
    const module = await h5wasm.ready;
    module.activate_throwing_error_handler();
    return h5wasm;
  } finally {
    if (navigator?.configurable) Object.defineProperty(globalThis, 'navigator', navigator);
  }
}

/** h5wasm, ready to use. A failed load is retried on the next call. */
export function loadH5wasm(): Promise<H5wasm> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/**
 * A one-line summary of an error thrown by h5wasm: HDF5's stack is long, so keep the outermost call and
 * the innermost cause ("H5Dwrite(): can't synchronously write data … file write failed: … errno = 28").
 */
export function summarizeHdf5Error(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const calls = [...text.matchAll(/in (\w+)\(\): (.*)$/gm)].map((m) => `${m[1]}(): ${m[2]}`);
  if (calls.length === 0) return text.split('\n')[0] ?? text;
  return calls.length === 1 ? calls[0]! : `${calls[0]} … ${calls[calls.length - 1]}`;
}
