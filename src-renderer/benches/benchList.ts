/**
 * The further benches a person added (by URL and token), kept in the window's localStorage — the desktop
 * app's window too, whose storage is per origin (a fixed `port` in its settings keeps it across launches).
 * What comes back from storage is outside input: validated, and an entry that does not validate is
 * dropped rather than trusted. Tokens are credentials: kept here because the person asked for the bench to
 * be remembered, never logged, never shown whole, never put into a URL.
 */
import { z } from 'zod';
import type { BenchAddress } from './benchAddress';

export const BENCH_LIST_KEY = 'benchtop.benches';
/** Enough for a lab; a list beyond it is refused rather than slowing every start. */
export const MAX_BENCHES = 64;

export interface SavedBench {
  /** The bench's id in the store: `direct:<host:port>`. */
  id: string;
  label: string;
  wsUrl: string;
  token: string;
}

const savedBenchSchema = z.strictObject({
  id: z.string().regex(/^direct:[A-Za-z0-9.:[\]-]{1,300}$/),
  label: z.string().min(1).max(80),
  wsUrl: z.string().regex(/^wss?:\/\/[A-Za-z0-9.:[\]-]+\/ws$/),
  token: z.string().regex(/^[A-Za-z0-9_-]{32,512}$/),
});

export const benchIdOf = (address: Pick<BenchAddress, 'host'>): string => `direct:${address.host}`;

/** The remembered list; entries that do not validate (an old or edited store) are left out. */
export function loadBenches(storage: Pick<Storage, 'getItem'>): SavedBench[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(BENCH_LIST_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const benches: SavedBench[] = [];
  for (const entry of raw.slice(0, MAX_BENCHES)) {
    const parsed = savedBenchSchema.safeParse(entry);
    if (parsed.success && !benches.some((b) => b.id === parsed.data.id)) benches.push(parsed.data);
  }
  return benches;
}

export function saveBenches(storage: Pick<Storage, 'setItem'>, benches: readonly SavedBench[]): void {
  storage.setItem(BENCH_LIST_KEY, JSON.stringify(benches));
}

export type AddBenchResult =
  { ok: true; benches: SavedBench[]; bench: SavedBench } | { ok: false; error: string };

/**
 * The list with one more bench, or why not: already listed, the dashboard's own bench (`localHost`, its
 * `host:port`), or the list is full. `label` defaults to the address.
 */
export function addBench(
  benches: readonly SavedBench[],
  address: BenchAddress,
  options: { label?: string; localHost?: string } = {},
): AddBenchResult {
  const id = benchIdOf(address);
  const listed = benches.find((b) => b.id === id);
  if (listed) return { ok: false, error: `${address.host} is already in the list, as “${listed.label}”.` };
  if (options.localHost !== undefined && sameHost(options.localHost, address.host)) {
    return { ok: false, error: `${address.host} is this dashboard's own bench, shown as “This bench”.` };
  }
  if (benches.length >= MAX_BENCHES) {
    return { ok: false, error: `The list holds at most ${MAX_BENCHES} benches; remove one first.` };
  }
  const label = (options.label ?? '').trim().slice(0, 80) || address.host;
  const bench: SavedBench = { id, label, wsUrl: address.wsUrl, token: address.token };
  return { ok: true, benches: [...benches, bench], bench };
}

export function removeBench(benches: readonly SavedBench[], id: string): SavedBench[] {
  return benches.filter((b) => b.id !== id);
}

/** localhost and 127.0.0.1 name the same backend at the same port. */
function sameHost(a: string, b: string): boolean {
  const loopback = (host: string): string => host.replace(/^(localhost|\[::1\])(?=:)/, '127.0.0.1');
  return loopback(a) === loopback(b);
}
