// Finds an installed Electron runtime without triggering Electron's download-on-first-use, which cannot
// work on an offline machine. Returns { path } or { missing: reason }.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function findElectronRuntime() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const exe = path.join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    );
    return existsSync(exe)
      ? { path: exe }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no electron binary (${exe})` };
  }
  let packageDir;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed (run npm ci)' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile))
    return {
      missing:
        "Electron's runtime has not been downloaded (it is fetched on first launch, which needs the internet)",
    };
  const exe = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(exe)) return { missing: `Electron's runtime is incomplete (${exe} is missing)` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { path: exe };
}
