/**
 * The trends a person follows on this bench, each in a chart of its own (pick one from the measurement
 * statistics or a supply card). Kept across reloads; filled from the backend's history on every connect.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { useBench } from '../client/BenchContext';
import { TrendChart } from './TrendChart';
import { keyOf } from './trendSpec';

export function TrendsPanel(): React.JSX.Element | null {
  const { trends } = useBench();
  const subscribe = useCallback((listener: () => void) => trends.subscribe(listener), [trends]);
  const list = useSyncExternalStore(subscribe, () => trends.list());
  if (list.length === 0) return null;
  return (
    <section className="panel trends-panel" aria-label="Trends" data-testid="trends-panel">
      <header className="panel-header">
        <h2>Trends</h2>
        <span className="muted">
          {list.length} trend{list.length === 1 ? '' : 's'} · kept by the backend while it runs
        </span>
      </header>
      {list.map((spec) => (
        <TrendChart
          key={keyOf(spec)}
          trends={trends}
          spec={spec}
          onRemove={() => trends.remove(keyOf(spec))}
        />
      ))}
    </section>
  );
}
