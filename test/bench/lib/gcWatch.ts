/**
 * Garbage collections on this thread while a benchmark runs (PerformanceObserver 'gc' entries), so a late
 * frame can be checked for a collection that stopped the event loop between its record's arrival and its
 * result, and a run can say which kinds it met: a young-generation scavenge ("minor") costs what survives
 * it, a mark-compact ("major", with its "incremental" marking steps) what lives in the whole heap.
 */
import { type PerformanceEntry, PerformanceObserver, constants } from 'node:perf_hooks';

export type GcKind = 'minor' | 'major' | 'incremental' | 'weak callbacks' | 'other';

export interface GcPause {
  /** Wall clock, ms since the epoch. */
  startMs: number;
  durationMs: number;
  kind: GcKind;
}

function kindOf(detail: unknown): GcKind {
  const kind = (detail as { kind?: number } | undefined)?.kind;
  switch (kind) {
    case constants.NODE_PERFORMANCE_GC_MINOR:
      return 'minor';
    case constants.NODE_PERFORMANCE_GC_MAJOR:
      return 'major';
    case constants.NODE_PERFORMANCE_GC_INCREMENTAL:
      return 'incremental';
    case constants.NODE_PERFORMANCE_GC_WEAKCB:
      return 'weak callbacks';
    default:
      return 'other';
  }
}

export class GcWatch {
  readonly pauses: GcPause[] = [];
  readonly #observer: PerformanceObserver;
  /** Wall clock at construction: collections that started before are not this watch's. */
  readonly #sinceMs = performance.timeOrigin + performance.now();

  constructor() {
    this.#observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const startMs = performance.timeOrigin + entry.startTime;
        // Node hands a collection's entry to every observer there is when it delivers it, an immediate
        // after the collection: with another watch running, a new one was told of the full collection a
        // benchmark forces just before making it (collectGarbage), and reported it as its run's own
        // "major" of 25–40 ms (docs/BENCHMARKS.md, "The event loop's garbage per record").
        if (startMs < this.#sinceMs) continue;
        this.pauses.push({
          startMs,
          durationMs: entry.duration,
          kind: kindOf((entry as PerformanceEntry & { detail?: unknown }).detail),
        });
      }
    });
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  /** Milliseconds of collection within [fromMs, toMs] (wall clock). */
  pausedMs(fromMs: number, toMs: number): number {
    let ms = 0;
    for (const p of this.pauses) {
      const overlap = Math.min(toMs, p.startMs + p.durationMs) - Math.max(fromMs, p.startMs);
      if (overlap > 0) ms += overlap;
    }
    return ms;
  }

  /** "minor 3 (12.1 ms, longest 6.0), major 1 (…)": the pauses by kind. */
  describe(): string {
    const kinds = new Map<GcKind, number[]>();
    for (const p of this.pauses) kinds.set(p.kind, [...(kinds.get(p.kind) ?? []), p.durationMs]);
    if (kinds.size === 0) return 'none';
    return [...kinds]
      .map(([kind, ms]) => {
        const total = ms.reduce((a, b) => a + b, 0);
        return `${kind} ${ms.length} (${total.toFixed(1)} ms, longest ${Math.max(...ms).toFixed(1)})`;
      })
      .join(', ');
  }

  stop(): void {
    this.#observer.disconnect();
  }
}
