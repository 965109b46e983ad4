/**
 * A fleet bench's scope traces on its card: the display-decimated waveforms its agent publishes, drawn
 * small (TraceThumbnail). The card asks the backend for the bench's waveforms only while the thumbnail
 * is on screen and the page visible (WaveformWatch; FleetFollower.watchWaveforms, counted with an opened
 * bench's own asking), so cards scrolled out of view or a minimised window cost no waveform traffic.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { FleetFollower } from '../fleet/FleetFollower';
import { TraceThumbnail } from '../charts/TraceThumbnail';
import { TraceSource } from '../charts/traceSource';
import { WaveformWatch } from './waveformWatch';

/** The thumbnail's height, CSS px: a glance at the shape, under the card's values. */
export const FLEET_THUMBNAIL_HEIGHT_PX = 44;

export function FleetTraceThumbnail({
  follower,
  bench,
  equipmentId,
  testId,
}: {
  follower: FleetFollower;
  bench: string;
  equipmentId: string;
  testId: string;
}): React.JSX.Element {
  const source = useMemo(() => new TraceSource(), []);
  useEffect(
    () =>
      follower.onBenchWaveform(bench, (w) => {
        if (w.equipment_id === equipmentId) source.take(w.channel, w.min_max, w.timestamp);
      }),
    [follower, bench, equipmentId, source],
  );
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const watch = new WaveformWatch(
      () => follower.watchWaveforms(bench),
      document.visibilityState === 'visible',
    );
    const observer = new IntersectionObserver((entries) =>
      watch.onScreen(entries.some((e) => e.isIntersecting)),
    );
    observer.observe(box);
    const onVisibility = (): void => watch.pageVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', onVisibility);
      watch.dispose();
    };
  }, [follower, bench]);
  return (
    <div ref={boxRef} className="kv-thumbnail">
      <TraceThumbnail
        source={source}
        heightPx={FLEET_THUMBNAIL_HEIGHT_PX}
        testId={testId}
        ariaLabel={`${equipmentId} traces of ${bench}`}
      />
    </div>
  );
}
