/**
 * Remembers the window's size and position between launches, in a small JSON file in the user-data
 * folder. The file is input from outside: anything malformed, or bounds no longer on any display (a
 * monitor was unplugged), falls back to the defaults.
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface DisplayArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1400, height: 900, maximized: false };
const MIN_SIZE = { width: 800, height: 560 };

const schema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(MIN_SIZE.width).max(20_000),
  height: z.number().int().min(MIN_SIZE.height).max(20_000),
  maximized: z.boolean(),
});

/** Validated bounds, or the defaults; a position off every display is dropped (the OS centres the window). */
export function parseWindowBounds(value: unknown, displays: readonly DisplayArea[]): WindowBounds {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return DEFAULT_BOUNDS;
  const bounds = parsed.data;
  if (bounds.x === undefined || bounds.y === undefined)
    return { width: bounds.width, height: bounds.height, maximized: bounds.maximized };
  // Visible enough: the title bar's top-left 100×40 px lies on some display.
  const { x, y } = bounds;
  const onScreen = displays.some(
    (d) => x + 100 > d.x && x < d.x + d.width && y >= d.y && y + 40 <= d.y + d.height,
  );
  return onScreen ? bounds : { width: bounds.width, height: bounds.height, maximized: bounds.maximized };
}

export function windowStateFile(userDataDir: string): string {
  return path.join(userDataDir, 'window-state.json');
}

export function loadWindowBounds(file: string, displays: readonly DisplayArea[]): WindowBounds {
  try {
    return parseWindowBounds(JSON.parse(readFileSync(file, 'utf8')), displays);
  } catch {
    return DEFAULT_BOUNDS;
  }
}

/** Writes atomically (temp file, then rename) so a crash never leaves a half-written file. */
export function saveWindowBounds(file: string, bounds: WindowBounds): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(bounds));
  renameSync(temp, file);
}
