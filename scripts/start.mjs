// `npm start`: the desktop app where Electron's runtime exists; otherwise one line saying why, then the
// same backend and dashboard in browser mode.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronRuntime } from './electronRuntime.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runtime = findElectronRuntime();
let child;
if (runtime.path) {
  child = spawn(runtime.path, ['.'], { cwd: root, stdio: 'inherit' });
} else {
  process.stderr.write(
    `Benchtop: desktop app unavailable — ${runtime.missing}; starting browser mode instead.\n`,
  );
  child = spawn(process.execPath, ['dist/main/cli.js', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
