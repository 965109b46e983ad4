import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDesktopSettings } from '../../../src-main/electron/desktopSettings.js';

describe('desktop settings', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has no bench file when there is no settings file', () => {
    expect(loadDesktopSettings(dir)).toEqual({});
  });

  it('takes bench_file, relative to the user-data folder', () => {
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ bench_file: 'benches/lab.json' }));
    expect(loadDesktopSettings(dir)).toEqual({ benchFile: path.join(dir, 'benches/lab.json') });
  });

  it('takes a fixed port, so the window keeps one origin across launches', () => {
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ port: 8470 }));
    expect(loadDesktopSettings(dir)).toEqual({ port: 8470 });
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ port: 80 }));
    expect(() => loadDesktopSettings(dir)).toThrow(/port: .*1024/);
  });

  it('refuses a malformed file naming the file and the field', () => {
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ bench_file: 3 }));
    expect(() => loadDesktopSettings(dir)).toThrow(
      `settings file ${file}: bench_file: expected string, received number`,
    );
    writeFileSync(file, '{');
    expect(() => loadDesktopSettings(dir)).toThrow(`settings file ${file}: not valid JSON`);
  });
});
