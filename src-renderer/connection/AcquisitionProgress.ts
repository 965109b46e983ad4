/**
 * Keeps the counts of running captures current in the list, including those this dashboard is not
 * watching. A capture's counts come with its live view's windows, and state events carry them only at
 * changes of state, so a capture started from another dashboard (or a script) showed "running, 0 samples"
 * for its whole run. Once a second, each running capture without a live view here is asked for with
 * `get_acquisition`, whose counts are the recorder's own. Plain class, no React.
 */
import type { AcquisitionMessage, AcquisitionSummary } from '../../shared/protocol/acquisition';

/** How often the counts of unwatched running captures are refreshed, ms. */
export const PROGRESS_PERIOD_MS = 1_000;

export interface AcquisitionProgressOptions {
  /** The captures the dashboard lists, by id. */
  acquisitions(): Readonly<Record<string, AcquisitionSummary>>;
  /** Whether this dashboard has a live view of a capture (whose windows already carry its counts). */
  isViewing(acquisitionId: string): boolean;
  request(acquisitionId: string): Promise<AcquisitionMessage>;
  /** Takes a fresher summary into the list. */
  apply(summary: AcquisitionSummary): void;
  periodMs?: number;
}

/** The running captures whose counts nothing else keeps current. */
export function capturesToRefresh(
  acquisitions: Readonly<Record<string, AcquisitionSummary>>,
  isViewing: (acquisitionId: string) => boolean,
): string[] {
  return Object.values(acquisitions)
    .filter((a) => a.state === 'running' && !isViewing(a.acquisition_id))
    .map((a) => a.acquisition_id);
}

export class AcquisitionProgress {
  readonly #options: AcquisitionProgressOptions;
  readonly #inFlight = new Set<string>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: AcquisitionProgressOptions) {
    this.#options = options;
  }

  /** Refreshes once a period until stop(); call while connected. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.refresh(), this.#options.periodMs ?? PROGRESS_PERIOD_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Asks for every capture that needs it, one request each at a time. */
  refresh(): void {
    const { acquisitions, isViewing, request, apply } = this.#options;
    for (const id of capturesToRefresh(acquisitions(), isViewing)) {
      if (this.#inFlight.has(id)) continue;
      this.#inFlight.add(id);
      request(id)
        .then(
          (reply) => apply(reply.acquisition),
          // Not connected, or deleted meanwhile: the next period or a state event says what is current.
          () => undefined,
        )
        .finally(() => this.#inFlight.delete(id));
    }
  }
}
