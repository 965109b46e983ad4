/**
 * The benchmark build of the dashboard (`vite build --mode bench`, never shipped): the real App plus a
 * probe that drives streams and reports figures back to the backend that served the page.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../App';
import { startBackendConnection } from '../app/backend';
import '../styles.css';
import { runProbe } from './probe';

startBackendConnection();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void runProbe();
