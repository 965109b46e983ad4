/**
 * What is on the bench at a glance: each instrument with its link and stream state (and whether its
 * panel is shown), and the events log with its unread count.
 */
import { selectInstruments, useAppStore } from '../store';

function scrollToPanel(id: string): void {
  document
    .querySelector(`[data-panel="${CSS.escape(id)}"]`)
    ?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

export function Sidebar(): React.JSX.Element {
  const instruments = useAppStore(selectInstruments);
  const connected = useAppStore((s) => s.connection.state === 'open');
  const streams = useAppStore((s) => s.streams);
  const hidden = useAppStore((s) => s.preferences.hiddenPanels);
  const setPanelHidden = useAppStore((s) => s.setPanelHidden);
  const unread = useAppStore((s) => s.unreadEvents);
  return (
    <nav className="sidebar" aria-label="Instruments and panels">
      <h2>Instruments</h2>
      {!instruments ? (
        <p className="muted">{connected ? 'Loading…' : 'Waiting for the backend…'}</p>
      ) : (
        <ul>
          {instruments.map((instrument) => {
            const running = Object.entries(streams).filter(
              ([key, s]) => key.startsWith(`${instrument.id}/`) && s.status === 'running',
            ).length;
            return (
              <li key={instrument.id} data-testid={`sidebar-${instrument.id}`}>
                <input
                  type="checkbox"
                  aria-label={`Show ${instrument.model}`}
                  checked={!hidden.includes(instrument.id)}
                  onChange={(e) => setPanelHidden(instrument.id, !e.target.checked)}
                  data-testid={`sidebar-${instrument.id}-visible`}
                />
                <button
                  type="button"
                  className="link sidebar-name"
                  onClick={() => scrollToPanel(instrument.id)}
                >
                  {instrument.kind === 'power_supply' ? 'Power supply' : 'Oscilloscope'}
                  <span className="muted"> {instrument.id}</span>
                </button>
                <span className={`sidebar-state ${connected ? 'online' : 'offline'}`}>
                  {connected ? 'online' : 'offline'} · {running} {running === 1 ? 'stream' : 'streams'}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <h2>Panels</h2>
      <ul>
        <li>
          <input
            type="checkbox"
            aria-label="Show events"
            checked={!hidden.includes('events')}
            onChange={(e) => setPanelHidden('events', !e.target.checked)}
            data-testid="sidebar-events-visible"
          />
          <button type="button" className="link sidebar-name" onClick={() => scrollToPanel('events')}>
            Events
          </button>
          {unread > 0 && (
            <span className="badge" data-testid="events-unread" aria-label={`${unread} unread events`}>
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </li>
      </ul>
    </nav>
  );
}
