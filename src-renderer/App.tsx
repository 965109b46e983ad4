import { useMemo, useState } from 'react';
import { useShortcuts } from './app/useShortcuts';
import { useSidebarCollapsed } from './app/useSidebarCollapsed';
import { AcquisitionsPanel } from './panels/acquisitions/AcquisitionsPanel';
import { AlarmsPanel } from './panels/alarms/AlarmsPanel';
import { AppHeader } from './panels/AppHeader';
import { ConnectionBanner } from './panels/ConnectionBanner';
import { EventsLog } from './panels/EventsLog';
import { HelpDialog } from './panels/HelpDialog';
import { InstrumentPanel } from './panels/InstrumentPanel';
import { LeaseBar } from './panels/LeaseBar';
import { TrendsPanel } from './trends/TrendsPanel';
import { Sidebar } from './panels/Sidebar';
import { StatusBar } from './panels/StatusBar';
import { RestoreNotice } from './panels/setups/RestoreNotice';
import { SetupsDialog } from './panels/setups/SetupsDialog';
import { useBenchState } from './client/BenchContext';
import { useAppStore } from './store';

function Instruments(): React.JSX.Element {
  const instruments = useBenchState((s) => s.instruments);
  const state = useBenchState((s) => s.connection.state);
  const problem = useBenchState((s) => s.connection.problem);
  const hidden = useAppStore((s) => s.preferences.hiddenPanels);
  if (!instruments) {
    return (
      <div className="empty-state" data-testid="loading">
        {state === 'open'
          ? 'Loading instruments…'
          : problem
            ? 'No instruments to show until the backend answers: see the message above.'
            : 'Connecting to the backend…'}
      </div>
    );
  }
  if (instruments.length === 0) {
    return (
      <div className="empty-state" data-testid="no-instruments">
        No instruments on this bench yet. Press “Add instrument…” in the sidebar to connect one, or recall a
        bench setup.
      </div>
    );
  }
  const shown = instruments.filter((i) => !hidden.includes(i.id));
  if (shown.length === 0) {
    return (
      <div className="empty-state">All instrument panels are hidden. Tick one in the sidebar to show it.</div>
    );
  }
  // The shell's grid puts instrument panels side by side where the width allows (PSU and scope both in
  // view at 1440×900); each panel reflows its own cards.
  return (
    <div className="instrument-grid" data-testid="instrument-grid">
      {shown.map((instrument) => (
        <div key={instrument.id} data-panel={instrument.id} data-kind={instrument.kind}>
          <InstrumentPanel instrument={instrument} />
        </div>
      ))}
    </div>
  );
}

export function App(): React.JSX.Element {
  const [helpOpen, setHelpOpen] = useState(false);
  const [setupsOpen, setSetupsOpen] = useState(false);
  const [sidebarCollapsed, toggleSidebar] = useSidebarCollapsed();
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const eventsHidden = useAppStore((s) => s.preferences.hiddenPanels.includes('events'));
  const acquisitionsHidden = useAppStore((s) => s.preferences.hiddenPanels.includes('acquisitions'));
  const alarmsHidden = useAppStore((s) => s.preferences.hiddenPanels.includes('alarms'));
  const actions = useMemo(
    () => ({
      openHelp: () => setHelpOpen(true),
      closeDialogs: () => setHelpOpen(false),
      // File › Export…: bring the acquisitions panel into view; export is offered on each capture there.
      openExport: () => {
        useAppStore.getState().setPanelHidden('acquisitions', false);
        setTimeout(
          () => document.querySelector('[data-panel="acquisitions"]')?.scrollIntoView({ behavior: 'smooth' }),
          0,
        );
      },
      notify: (text: string) => {
        setNotice(text);
        setTimeout(() => setNotice(undefined), 4_000);
      },
    }),
    [],
  );
  useShortcuts(actions);
  return (
    <div className="app">
      <AppHeader onHelp={() => setHelpOpen(true)} onSetups={() => setSetupsOpen(true)} />
      <div className="app-body" data-sidebar={sidebarCollapsed ? 'collapsed' : 'open'}>
        <Sidebar collapsed={sidebarCollapsed} onToggle={toggleSidebar} />
        <main className="app-main">
          <ConnectionBanner />
          <LeaseBar />
          <RestoreNotice onDetails={() => setSetupsOpen(true)} />
          {notice && (
            <div className="notice" role="status" data-testid="notice">
              {notice}
            </div>
          )}
          <Instruments />
          <div data-panel="trends">
            <TrendsPanel />
          </div>
          {!acquisitionsHidden && (
            <div data-panel="acquisitions">
              <AcquisitionsPanel />
            </div>
          )}
          {!alarmsHidden && (
            <div data-panel="alarms">
              <AlarmsPanel />
            </div>
          )}
          {!eventsHidden && (
            <div data-panel="events">
              <EventsLog />
            </div>
          )}
        </main>
      </div>
      <StatusBar />
      {helpOpen && <HelpDialog onClose={() => setHelpOpen(false)} />}
      {setupsOpen && <SetupsDialog onClose={() => setSetupsOpen(false)} />}
    </div>
  );
}
