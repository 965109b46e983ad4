import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createLocalBench } from './app/localBench';
import { BenchProvider } from './client/BenchContext';
import './styles.css';

const bench = createLocalBench();
bench.start();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BenchProvider value={bench}>
      <App />
    </BenchProvider>
  </StrictMode>,
);
