/**
 * Tells when the device pixel ratio changes without a resize — the window dragged to a monitor of another
 * scale, or a zoom that keeps an element's CSS size — which no ResizeObserver reports, so a canvas sized
 * for the old ratio would stay blurry (or needlessly large). A `(resolution: Xdppx)` media query matches
 * only the ratio it was made for, so it is made again for the new ratio after every change.
 */

/** The part of `window` the watch uses (a fake one in tests). */
export interface ResolutionMedia {
  readonly devicePixelRatio: number;
  matchMedia(query: string): Pick<MediaQueryList, 'addEventListener' | 'removeEventListener'>;
}

/**
 * Calls `onChange` with the new ratio each time it changes, until the returned function is called.
 */
export function watchDevicePixelRatio(media: ResolutionMedia, onChange: (ratio: number) => void): () => void {
  let query: ReturnType<ResolutionMedia['matchMedia']> | undefined;
  const arm = (): void => {
    query = media.matchMedia(`(resolution: ${media.devicePixelRatio || 1}dppx)`);
    query.addEventListener('change', changed);
  };
  function changed(): void {
    // The old query now tells of leaving a ratio already left: it is dropped, and one made for the new.
    query?.removeEventListener('change', changed);
    arm();
    onChange(media.devicePixelRatio || 1);
  }
  arm();
  return () => {
    query?.removeEventListener('change', changed);
    query = undefined;
  };
}
