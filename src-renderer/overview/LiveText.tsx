/**
 * Text that changes with every record without re-rendering React: a span whose text this component
 * writes itself, at once when it mounts (before the first paint) and then whenever `subscribe` calls
 * (the overview's, once per animation frame), only when the text `read()` gives differs from what is
 * shown. A fleet card's supply digits change with nearly every reading (noise on the readback), and
 * rendering 20 cards through React every frame to change them was the page's largest React cost
 * (docs/BENCHMARKS.md, "fleetPixel", the cards written through refs). React renders the span with no
 * children, so it never touches the text.
 */
import { memo, useLayoutEffect, useRef } from 'react';
import { useLatest } from '../util/useLatest';

export interface LiveTextProps {
  /** Calls its listener when the text may have changed; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** The text to show now. */
  read(): string;
  className?: string;
  testId?: string;
}

export const LiveText = memo(function LiveText({
  subscribe,
  read,
  className,
  testId,
}: LiveTextProps): React.JSX.Element {
  const ref = useRef<HTMLSpanElement>(null);
  const readRef = useLatest(read);
  useLayoutEffect(() => {
    const span = ref.current;
    if (!span) return;
    // One text node, its data rewritten: setting textContent would replace the node (and its layout
    // object) on every change, 120 times a frame for 20 fleet cards.
    const node = document.createTextNode('');
    span.replaceChildren(node);
    let shown: string | undefined;
    const show = (): void => {
      const text = readRef.current();
      if (text === shown) return;
      shown = text;
      node.data = text;
    };
    show();
    return subscribe(show);
  }, [subscribe, readRef]);
  return <span ref={ref} className={className} data-testid={testId} />;
});
