/**
 * When a card's thumbnail asks for its bench's waveforms: while it is on screen in a visible page, and
 * never again once disposed (an intersection entry can be delivered after its observer was disconnected).
 * Holds at most one watch (`watch` returns its release), released as soon as it is not wanted.
 */
export class WaveformWatch {
  readonly #watch: () => () => void;
  #onScreen = false;
  #pageVisible: boolean;
  #disposed = false;
  #release: (() => void) | undefined;

  constructor(watch: () => () => void, pageVisible: boolean) {
    this.#watch = watch;
    this.#pageVisible = pageVisible;
  }

  /** Whether the thumbnail is inside the viewport (IntersectionObserver). */
  onScreen(shown: boolean): void {
    this.#onScreen = shown;
    this.#update();
  }

  /** Whether the page is visible (document.visibilityState): not minimised, not a background tab. */
  pageVisible(visible: boolean): void {
    this.#pageVisible = visible;
    this.#update();
  }

  /** Releases the watch for good. */
  dispose(): void {
    this.#disposed = true;
    this.#update();
  }

  get watching(): boolean {
    return this.#release !== undefined;
  }

  #update(): void {
    const wanted = !this.#disposed && this.#onScreen && this.#pageVisible;
    if (wanted && !this.#release) this.#release = this.#watch();
    else if (!wanted && this.#release) {
      this.#release();
      this.#release = undefined;
    }
  }
}
