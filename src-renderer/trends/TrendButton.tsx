/** "Trend" next to a measurement or a supply reading: adds it to the trends panel (once). */
import { useCallback, useSyncExternalStore } from 'react';
import { useBench } from '../client/BenchContext';
import { MAX_TRENDS } from './TrendSet';
import { keyOf, labelOf, type TrendSpec } from './trendSpec';

/** `text` names the quantity on a card with several ("voltage"); a table row's button just says "Trend". */
export function TrendButton({ spec, text }: { spec: TrendSpec; text?: string }): React.JSX.Element {
  const { trends } = useBench();
  const subscribe = useCallback((listener: () => void) => trends.subscribe(listener), [trends]);
  const list = useSyncExternalStore(subscribe, () => trends.list());
  const trending = list.some((s) => keyOf(s) === keyOf(spec));
  const full = list.length >= MAX_TRENDS;
  return (
    <button
      type="button"
      className="link"
      data-testid={`trend-add-${keyOf(spec)}`}
      disabled={trending || full}
      title={
        trending
          ? `${labelOf(spec)} is in the trends panel`
          : full
            ? `At most ${MAX_TRENDS} trends; remove one first`
            : `Trend ${labelOf(spec)} over time`
      }
      onClick={() => {
        trends.add(spec);
        setTimeout(
          () => document.querySelector('[data-panel="trends"]')?.scrollIntoView({ block: 'nearest' }),
          0,
        );
      }}
    >
      {text === undefined ? (trending ? 'Trending' : 'Trend') : trending ? `${text} ✓` : text}
    </button>
  );
}
