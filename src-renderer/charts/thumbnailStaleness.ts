/**
 * Whether a trace thumbnail's newest data has stopped arriving: a scope whose stream stopped or faulted,
 * or whose instrument was unplugged, while its bench stays online, would otherwise keep its last trace
 * drawn at full strength as if live. Judged on the page's clock (when data ARRIVED here), never on the
 * instrument's timestamps, whose clock may differ from the page's. Pure: the caller hands it the time
 * (the animation frame's), so tests run it on an injected clock.
 */

/**
 * How long a thumbnail's data may stand still before it is shown stale, ms. Traces normally arrive at
 * 10 Hz over the fleet, and a direct bench's stream comes at 1 Hz at the slowest its controls offer (the
 * protocol allows intervals to 60 s, which no control here asks for): 15 s is 150 missed fleet traces, a
 * gap no network hiccup or JetStream reconnect explains. Long enough for a scope that legitimately sends
 * rarely — a 12-division sweep at 1 s/div is 12 s, a normal-mode trigger on events a few seconds apart —
 * not to flicker between live and stale; a single-shot trigger that stays put longer is honestly not live
 * (its held trace stays drawn, only dimmed). Short enough that an engineer glancing across the fleet sees
 * a dead scope within a quarter of a minute.
 */
export const THUMBNAIL_STALE_AFTER_MS = 15_000;

export class ThumbnailStaleness {
  readonly #staleAfterMs: number;
  #version: number | undefined;
  /** When the source's version last moved (or was first seen), page clock, ms. */
  #movedAtMs = 0;
  /** Since when the thumbnail has been watched without a break (on screen in a visible page), ms. */
  #watchedSinceMs: number | undefined;
  #stale = false;

  constructor(staleAfterMs = THUMBNAIL_STALE_AFTER_MS) {
    this.#staleAfterMs = staleAfterMs;
  }

  /** Whether the newest data is older than the threshold (as of the last `observe`). */
  isStale(): boolean {
    return this.#stale;
  }

  /**
   * Called once per animation frame: the source's `version` and whether it has ever had data, at `nowMs`
   * (page clock). `watched`: on screen in a visible page. A fleet card asks for waveforms only then, so
   * time unwatched says nothing about the scope: the deadline starts again when watching resumes, and a
   * thumbnail scrolled back into view is not shown stale before its data has had time to come.
   * @returns whether the stale state flipped (the only time the caller touches the DOM).
   */
  observe(nowMs: number, version: number, hasData: boolean, watched: boolean): boolean {
    if (version !== this.#version) {
      this.#version = version;
      this.#movedAtMs = nowMs;
      return this.#set(false);
    }
    if (!watched) {
      this.#watchedSinceMs = undefined;
      return false;
    }
    this.#watchedSinceMs ??= nowMs;
    // Never stale before any data: it draws nothing then anyway.
    if (this.#stale || !hasData) return false;
    return this.#set(nowMs - Math.max(this.#movedAtMs, this.#watchedSinceMs) >= this.#staleAfterMs);
  }

  /** The page was hidden (no frames run then): the deadline starts again at the next watched frame. */
  unwatch(): void {
    this.#watchedSinceMs = undefined;
  }

  #set(stale: boolean): boolean {
    if (stale === this.#stale) return false;
    this.#stale = stale;
    return true;
  }
}

/** The part of an element the stale state is shown on (a fake one in tests). */
export type StalenessTarget = Pick<Element, 'setAttribute'> & {
  classList: Pick<DOMTokenList, 'toggle'>;
};

/** What a stale thumbnail says after its label, to assistive tech and to a hover. */
export function staleSuffix(staleAfterMs = THUMBNAIL_STALE_AFTER_MS): string {
  return ` — no new traces for ${Math.round(staleAfterMs / 1000)} s or more`;
}

/** What a stale thumbnail's caption says on the card, where a glance needs words as well as the dimming. */
export function staleCaption(staleAfterMs = THUMBNAIL_STALE_AFTER_MS): string {
  return `no new traces for ${Math.round(staleAfterMs / 1000)} s`;
}

/**
 * Shows `stale` on the thumbnail's element — the `stale` class (dimmed, overview.css) and its label with
 * or without the suffix, as aria-label and title — and on its caption, if it has one (shown only while
 * stale; its text is set by whoever renders it, and assistive tech hears the label instead).
 */
export function showStaleness(
  target: StalenessTarget,
  label: string,
  stale: boolean,
  caption?: Pick<HTMLElement, 'hidden'> | null,
  staleAfterMs = THUMBNAIL_STALE_AFTER_MS,
): void {
  target.classList.toggle('stale', stale);
  const text = stale ? label + staleSuffix(staleAfterMs) : label;
  target.setAttribute('aria-label', text);
  target.setAttribute('title', text);
  if (caption) caption.hidden = !stale;
}
