/**
 * A full garbage collection now, between a benchmark's parts: what an earlier part left (the FFT
 * module's 4 MB baseline arrays, a baseline mode's garbage) is then not collected during a later part's
 * timed frames, which would charge the later part for the earlier one's garbage. The benchmarks say where
 * they call it. `gc` is exposed at run time (V8's --expose-gc, read by a new context), so `npm run bench`
 * needs no flag.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
