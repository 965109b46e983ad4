/** The latest message of a JSON stream as name/value pairs (numbers and booleans), at most once a frame. */
import { useCallback } from 'react';
import { useBench } from '../../client/BenchContext';
import { useFeedValue } from '../useFeedValue';

/** At most this many fields are shown: a generic view, not a table of everything. */
const MAX_FIELDS = 12;

function fieldsOf(data: Record<string, unknown> | undefined): string {
  if (data === undefined) return '';
  const shown: string[] = [];
  for (const [name, value] of Object.entries(data)) {
    if (typeof value === 'number') shown.push(`${name}=${Number(value.toPrecision(6))}`);
    else if (typeof value === 'boolean') shown.push(`${name}=${value ? 'on' : 'off'}`);
    if (shown.length === MAX_FIELDS) break;
  }
  return shown.join('\u0000');
}

export function StreamValues({
  streamKey,
  testId,
}: {
  streamKey: string;
  testId: string;
}): React.JSX.Element {
  const feed = useBench().feeds.json(streamKey);
  const subscribe = useCallback((listener: () => void) => feed.subscribe(listener), [feed]);
  // A string snapshot, so React re-renders only when a shown value changed.
  const text = useFeedValue(subscribe, () => fieldsOf(feed.latest()));
  return (
    <dl className="stream-values" data-testid={testId}>
      {text === '' ? (
        <dd className="muted">no values yet</dd>
      ) : (
        text.split('\u0000').map((pair) => {
          const [name, value] = pair.split('=');
          return (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          );
        })
      )}
    </dl>
  );
}
