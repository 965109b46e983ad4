/**
 * PFFFT (wasm SIMD build of @echogarden/pffft-wasm, embedded in pffftWasmBytes.ts) behind a synchronous,
 * typed real transform. The package's own loader is async (an Emscripten factory that reads the .wasm
 * file from disk in Node or fetches it in a browser) and ESM-only; compiling the embedded bytes with
 * `new WebAssembly.Module` keeps computeSpectrum synchronous and working the same in the backend, the
 * Electron main bundle (CommonJS) and a worker thread. Single precision: the transform is float32.
 *
 * The Emscripten glue is replaced by the three imports the module needs (an assert, memcpy and heap
 * growth); the export names are the build's minified ones, mapped once in EXPORTS below.
 * Wasm memory grows to hold the plans in use and never shrinks (WebAssembly cannot give memory back): about
 * 16 bytes a point of the largest transform made (input, output, work, twiddles), 16 MB at 2^20, which
 * engines.ts's two-size plan cache then reuses.
 * Where the module cannot be compiled (no wasm SIMD; a browser's main thread, which refuses to compile
 * modules over 4 KB synchronously) `pffftAvailable()` is false and callers use fft.js.
 */
import { PFFFT_SIMD_WASM_BASE64 } from './pffftWasmBytes.js';

/**
 * The part of the WebAssembly JS API used here, declared locally: the backend's TypeScript lib (ES2023 +
 * Node types) does not declare the WebAssembly global, though Node and browsers both have it.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

interface PffftExports {
  memory: WasmMemory;
  callCtors(): void;
  alignedMalloc(bytes: number): number;
  alignedFree(pointer: number): void;
  newSetup(n: number, transform: number): number;
  destroySetup(setup: number): void;
  transformOrdered(setup: number, input: number, output: number, work: number, direction: number): void;
}

/** Minified export names of @echogarden/pffft-wasm 0.4.2's dist/simd/pffft.wasm (from its pffft.js). */
const EXPORTS = {
  memory: 'd',
  callCtors: 'e',
  alignedMalloc: 'f',
  alignedFree: 'h',
  newSetup: 'k',
  destroySetup: 'l',
  transformOrdered: 'p',
} as const;

const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;
const WASM_PAGE_BYTES = 65_536;
/** PFFFT's real transform needs N a multiple of 32 (N = 2^a·3^b·5^c, a ≥ 5). */
export const PFFFT_MIN_SIZE = 32;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function instantiate(): PffftExports {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) throw new Error('this JavaScript engine has no WebAssembly');
  // Assigned once the instance exists; the imports below run only after that.
  let memory: WasmMemory | undefined = undefined;
  const imports = {
    a: {
      // __assert_fail(condition, file, line, function): a failed assert inside PFFFT.
      a: () => {
        throw new Error('PFFFT: internal assertion failed');
      },
      // emscripten_resize_heap(requested bytes): the allocator asks for more memory.
      b: (requestedBytes: number) => {
        const m = memory!;
        const missing = (requestedBytes >>> 0) - m.buffer.byteLength;
        if (missing <= 0) return 1;
        try {
          m.grow(Math.ceil(missing / WASM_PAGE_BYTES));
          return 1;
        } catch {
          return 0;
        }
      },
      // _emscripten_memcpy_js(destination, source, bytes).
      c: (destination: number, source: number, bytes: number) => {
        new Uint8Array(memory!.buffer).copyWithin(destination, source, source + bytes);
      },
    },
  };
  const module = new wasm.Module(decodeBase64(PFFFT_SIMD_WASM_BASE64));
  const raw = new wasm.Instance(module, imports).exports;
  const fn = <T>(name: string): T => raw[name] as T;
  memory = raw[EXPORTS.memory] as WasmMemory;
  const exports: PffftExports = {
    memory,
    callCtors: fn(EXPORTS.callCtors),
    alignedMalloc: fn(EXPORTS.alignedMalloc),
    alignedFree: fn(EXPORTS.alignedFree),
    newSetup: fn(EXPORTS.newSetup),
    destroySetup: fn(EXPORTS.destroySetup),
    transformOrdered: fn(EXPORTS.transformOrdered),
  };
  exports.callCtors();
  return exports;
}

let instance: PffftExports | undefined;
let failure: Error | undefined;

function pffft(): PffftExports | undefined {
  if (instance || failure) return instance;
  try {
    instance = instantiate();
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  }
  return instance;
}

/** Whether the wasm transform could be compiled here (compiles it on the first call). */
export function pffftAvailable(): boolean {
  return pffft() !== undefined;
}

/** Why it could not, when it could not (for a log line or a benchmark note). */
export function pffftFailure(): Error | undefined {
  pffft();
  return failure;
}

/**
 * A real forward transform of one size, with its input, output and work buffers in wasm memory.
 * The views it hands out are valid until the next plan is made (wasm memory may grow and move);
 * take them right before use and do not keep them.
 */
export class PffftRealPlan {
  readonly size: number;
  #wasm: PffftExports;
  #setup: number;
  #input: number;
  #output: number;
  #work: number;

  /** @throws RangeError when `size` is not a multiple of 32 ≥ 32, or the wasm module is unavailable. */
  constructor(size: number) {
    const wasm = pffft();
    if (!wasm) throw new RangeError(`PFFFT is not available here: ${failure?.message ?? 'unknown'}`);
    if (!Number.isInteger(size) || size < PFFFT_MIN_SIZE || size % PFFFT_MIN_SIZE !== 0) {
      throw new RangeError(`PFFFT's real transform needs a multiple of 32 points; got ${size}`);
    }
    this.size = size;
    this.#wasm = wasm;
    this.#setup = wasm.newSetup(size, PFFFT_REAL);
    this.#input = wasm.alignedMalloc(4 * size);
    this.#output = wasm.alignedMalloc(4 * size);
    this.#work = wasm.alignedMalloc(4 * size);
    if (!this.#setup || !this.#input || !this.#output || !this.#work) {
      this.dispose();
      throw new RangeError(`PFFFT could not allocate a ${size}-point transform`);
    }
  }

  /** Where to write the `size` real samples to transform. */
  inputView(): Float32Array {
    return new Float32Array(this.#wasm.memory.buffer, this.#input, this.size);
  }

  /**
   * Transforms the input. The result, `size` floats: [0] = X[0] (DC, real), [1] = X[size/2] (Nyquist,
   * real), then (re, im) of X[k] at [2k], [2k + 1] for k = 1 … size/2 − 1. Unscaled.
   */
  forward(): Float32Array {
    const wasm = this.#wasm;
    wasm.transformOrdered(this.#setup, this.#input, this.#output, this.#work, PFFFT_FORWARD);
    return new Float32Array(wasm.memory.buffer, this.#output, this.size);
  }

  /** Frees the plan's wasm memory; the plan must not be used afterwards. */
  dispose(): void {
    const wasm = this.#wasm;
    if (this.#work) wasm.alignedFree(this.#work);
    if (this.#output) wasm.alignedFree(this.#output);
    if (this.#input) wasm.alignedFree(this.#input);
    if (this.#setup) wasm.destroySetup(this.#setup);
    this.#setup = this.#input = this.#output = this.#work = 0;
  }
}
