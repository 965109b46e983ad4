// Bundles the backend CLI (ESM) and the Electron main + preload (CommonJS, as Electron's sandboxed
// preload requires) with esbuild. Runtime dependencies stay external: they ship in node_modules.
// The compute pool's worker (src-main/compute/computeWorker.ts) is an entry of its own, bundled next to
// each backend bundle, where ComputePool looks for it (relative to import.meta.url, which the CommonJS
// bundle gets from its own file name).
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
  ...['dist/main', 'dist/electron'].map((dir) =>
    build({
      ...common,
      entryPoints: ['src-main/compute/computeWorker.ts'],
      format: 'esm',
      outfile: `${dir}/computeWorker.js`,
    }),
  ),
  build({
    ...common,
    entryPoints: ['src-main/electron/main.ts'],
    format: 'cjs',
    outfile: 'dist/electron/main.cjs',
    external: ['electron'],
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/preload.ts'],
    format: 'cjs',
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
  }),
]);
