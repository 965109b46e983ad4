/**
 * What is on the bench at a glance: each instrument with its link and stream state (and whether its
 * panel is shown), adding and removing instruments, and the events log with its unread count.
 */
import { useState } from 'react';
import { useBench, useBenchState } from '../client/BenchContext';
import { AddInstrumentDialog } from './bench/AddInstrumentDialog';
import { RemoveInstrument } from './bench/RemoveInstrument';
import { useAppStore } from '../store';
import { useControlBlocked } from '../client/benchControl';

function scrollToPanel(id: string): void {
  document
    .querySelector(`[data-panel="${CSS.escape(id)}"]`)
    ?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/** A panel's show/hide box and a link that scrolls to it. */
function PanelToggle({
  id,
  label,
  children,
}: {
  id: string;
  label: string;
  children?: React.ReactNode;
}): React.JSX.Element {
  const hidden = useAppStore((s) => s.preferences.hiddenPanels.includes(id));
  const setPanelHidden = useAppStore((s) => s.setPanelHidden);
  return (
    <li>
      <input
        type="checkbox"
        aria-label={`Show ${label.toLowerCase()}`}
        checked={!hidden}
        onChange={(e) => setPanelHidden(id, !e.target.checked)}
        data-testid={`sidebar-${id}-visible`}
      />
      <button type="button" className="link sidebar-name" onClick={() => scrollToPanel(id)}>
        {label}
      </button>
      {children}
    </li>
  );
}

export function Sidebar({
  collapsed,
  onToggle,
}: {
  collapsed: boolean;
  onToggle(): void;
}): React.JSX.Element {
  const bench = useBench();
  const instruments = useBenchState((s) => s.instruments);
  const connected = useBenchState((s) => s.connection.state === 'open');
  // A fleet bench's controls work for the holder of its lease only; the lease bar says who holds it.
  const blocked = useControlBlocked() !== undefined;
  const streams = useBenchState((s) => s.streams);
  const hidden = useAppStore((s) => s.preferences.hiddenPanels);
  const setPanelHidden = useAppStore((s) => s.setPanelHidden);
  const unread = useBenchState((s) => s.unreadEvents);
  const drivers = useBenchState((s) => s.drivers);
  const [adding, setAdding] = useState(false);
  const acquisitions = useBenchState((s) => s.acquisitions);
  const selectAcquisition = bench.state.selectAcquisition.bind(bench.state);
  const captures = Object.values(acquisitions)
    .sort((a, b) => b.created_ms - a.created_ms)
    .slice(0, 12);
  const toggle = (
    <button
      type="button"
      className="sidebar-toggle"
      onClick={onToggle}
      aria-expanded={!collapsed}
      aria-label={collapsed ? 'Show the sidebar' : 'Fold the sidebar away'}
      title={collapsed ? 'Show the sidebar' : 'Fold the sidebar away'}
      data-testid="sidebar-toggle"
    >
      {collapsed ? '»' : '«'}
    </button>
  );
  if (collapsed) {
    return (
      <nav className="sidebar sidebar-collapsed" aria-label="Instruments and panels" data-testid="sidebar">
        {toggle}
        {unread > 0 && (
          <span className="badge" data-testid="events-unread" aria-label={`${unread} unread events`}>
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </nav>
    );
  }
  return (
    <nav className="sidebar" aria-label="Instruments and panels" data-testid="sidebar">
      {toggle}
      <h2>Instruments</h2>
      {!instruments ? (
        <p className="muted">{connected ? 'Loading…' : 'Not connected to the backend'}</p>
      ) : (
        <ul>
          {instruments.map((instrument) => {
            const running = Object.entries(streams).filter(
              ([key, s]) => key.startsWith(`${instrument.id}/`) && s.status === 'running',
            ).length;
            // The backend out of reach says nothing of the instrument: it is shown offline from here.
            const state = connected ? instrument.state : 'offline';
            return (
              <li key={instrument.id} data-testid={`sidebar-${instrument.id}`}>
                <input
                  type="checkbox"
                  aria-label={`Show ${instrument.label}`}
                  checked={!hidden.includes(instrument.id)}
                  onChange={(e) => setPanelHidden(instrument.id, !e.target.checked)}
                  data-testid={`sidebar-${instrument.id}-visible`}
                />
                <button
                  type="button"
                  className="link sidebar-name"
                  onClick={() => scrollToPanel(instrument.id)}
                >
                  {instrument.label}
                  <span className="muted"> {instrument.id}</span>
                </button>
                <span className={`sidebar-state ${state}`} data-testid={`sidebar-${instrument.id}-state`}>
                  {state} · {running} {running === 1 ? 'stream' : 'streams'}
                </span>
                <RemoveInstrument instrument={instrument} disabled={!connected || blocked} />
              </li>
            );
          })}
        </ul>
      )}
      <button
        type="button"
        className="add-instrument-button"
        disabled={!connected || blocked || !drivers || drivers.length === 0}
        title={drivers?.length === 0 ? 'This backend offers no drivers to add instruments with' : undefined}
        onClick={() => setAdding(true)}
        data-testid="add-instrument"
      >
        Add instrument…
      </button>
      {adding && <AddInstrumentDialog onClose={() => setAdding(false)} />}
      <h2>Acquisitions</h2>
      {captures.length === 0 ? (
        <p className="muted small">No captures yet: start one in the Acquisitions panel.</p>
      ) : (
        <ul>
          {captures.map((a) => (
            <li key={a.acquisition_id} data-testid={`sidebar-acq-${a.acquisition_id}`}>
              <span className={`acq-dot state-${a.state}`} aria-hidden />
              <button
                type="button"
                className="link sidebar-name"
                onClick={() => {
                  selectAcquisition(a.acquisition_id);
                  scrollToPanel('acquisitions');
                }}
              >
                {a.name || a.acquisition_id}
              </button>
              <span className="sidebar-state">{a.state}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>Panels</h2>
      <ul>
        <PanelToggle id="acquisitions" label="Acquisitions" />
        <PanelToggle id="alarms" label="Alarms" />
        <PanelToggle id="events" label="Events">
          {unread > 0 && (
            <span className="badge" data-testid="events-unread" aria-label={`${unread} unread events`}>
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </PanelToggle>
      </ul>
    </nav>
  );
}
