// Bundles the backend CLI (ESM) and the Electron main + preload (CommonJS, as Electron's sandboxed
// preload requires) with esbuild. Runtime dependencies stay external: they ship in node_modules.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['src-main/cli.ts'], format: 'esm', outfile: 'dist/main/cli.js' }),
  build({
    ...common,
    entryPoints: ['src-main/electron/main.ts'],
    format: 'cjs',
    outfile: 'dist/electron/main.cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/preload.ts'],
    format: 'cjs',
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
  }),
]);
