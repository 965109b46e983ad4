import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BOUNDS,
  loadWindowBounds,
  parseWindowBounds,
  saveWindowBounds,
} from '../../../src-main/electron/windowState.js';

const DISPLAY = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window bounds', () => {
  it('restores saved bounds that are on a display', () => {
    const saved = { x: 100, y: 80, width: 1200, height: 800, maximized: false };
    expect(parseWindowBounds(saved, DISPLAY)).toEqual(saved);
  });
  it('drops a position no longer on any display but keeps the size', () => {
    expect(parseWindowBounds({ x: 3000, y: 80, width: 1200, height: 800, maximized: true }, DISPLAY)).toEqual(
      {
        width: 1200,
        height: 800,
        maximized: true,
      },
    );
  });
  it('falls back to defaults for malformed or absurd input', () => {
    for (const junk of [
      undefined,
      'x',
      { width: 'big' },
      { width: 10, height: 10, maximized: false },
      { width: 1e9, height: 900, maximized: false },
    ]) {
      expect(parseWindowBounds(junk, DISPLAY)).toEqual(DEFAULT_BOUNDS);
    }
  });
  it('round-trips through its file and survives a corrupt one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'benchtop-window-'));
    try {
      const file = path.join(dir, 'window-state.json');
      const bounds = { x: 10, y: 20, width: 1000, height: 700, maximized: false };
      saveWindowBounds(file, bounds);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(bounds);
      expect(loadWindowBounds(file, DISPLAY)).toEqual(bounds);
      writeFileSync(file, '{not json');
      expect(loadWindowBounds(file, DISPLAY)).toEqual(DEFAULT_BOUNDS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
