import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built into dist/renderer and served by the backend (browser mode and the Electron
// window alike). Relative asset paths keep it loadable from any origin the backend has. `--mode bench`
// builds the benchmark page (the same app plus a measuring probe) into dist/bench; it is never shipped.
export default defineConfig(({ mode }) => ({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: mode === 'bench' ? '../dist/bench' : '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: { input: mode === 'bench' ? 'src-renderer/bench.html' : 'src-renderer/index.html' },
  },
}));
