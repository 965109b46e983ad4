/**
 * Browser mode's download of a finished export: followed once, while the link can still work; after that
 * a disabled button and a note say why (downloadLink.ts). The link is followed from a detached anchor, so
 * the page never renders a used or expired link anyone could click.
 */
import { useEffect, useState } from 'react';
import {
  downloadLinkExpiresAtMs,
  downloadLinkNote,
  downloadLinkState,
  type DownloadLink,
} from './downloadLink';

export function DownloadButton({ url }: { url: string }): React.JSX.Element {
  const [link, setLink] = useState<DownloadLink>(() => ({ url, receivedAtMs: Date.now() }));
  const [nowMs, setNowMs] = useState(() => link.receivedAtMs);
  const state = downloadLinkState(link, nowMs);
  useEffect(() => {
    if (state !== 'ready') return;
    // Re-render when the link runs out, so it is not offered past its time.
    const timer = setTimeout(() => setNowMs(Date.now()), downloadLinkExpiresAtMs(link) - Date.now());
    return () => clearTimeout(timer);
  }, [state, link]);

  const follow = (): void => {
    const now = Date.now();
    setNowMs(now);
    if (downloadLinkState(link, now) !== 'ready') return;
    const anchor = document.createElement('a');
    anchor.href = link.url;
    anchor.download = '';
    anchor.click();
    setLink({ ...link, usedAtMs: now });
  };

  const note = downloadLinkNote(state);
  return (
    <>
      <button
        type="button"
        className="primary"
        disabled={state !== 'ready'}
        onClick={follow}
        data-testid="export-download"
        data-state={state}
        data-url={link.url}
      >
        {state === 'used' ? 'Downloaded' : 'Download'}
      </button>
      {note && (
        <p className="muted small button-note" data-testid="export-download-note">
          {note}
        </p>
      )}
    </>
  );
}
