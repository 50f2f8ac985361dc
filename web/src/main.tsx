import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './index.css';
import { useStores } from './state/stores';
import { followSelectedStore } from './state/stream';

// The live feed follows the selected store, and the store list is asked for before React's
// first render: both are on the overview's critical path.
followSelectedStore((listener) => useStores.subscribe((s, prev) => listener(s.selectedId, prev.selectedId)));
void useStores.getState().loadList();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
