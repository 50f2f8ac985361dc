// The store list, the selected store and its definition (zones, lanes, departments, time zone).
import { create } from 'zustand';
import { ApiError, api, type StoreDefinition, type StoreSummary } from '../api/client';

const SELECTED_KEY = 'storeops.store';

type Load<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; message: string };

interface StoresState {
  list: Load<StoreSummary[]>;
  selectedId: string | null;
  definition: Load<StoreDefinition> | null;
  loadList: () => Promise<void>;
  select: (id: string) => void;
}

function message(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function remembered(): string | null {
  try {
    return window.localStorage.getItem(SELECTED_KEY);
  } catch {
    return null;
  }
}

export const useStores = create<StoresState>((set, get) => ({
  list: { status: 'loading' },
  selectedId: null,
  definition: null,
  loadList: async () => {
    set({ list: { status: 'loading' } });
    // The store chosen last time starts loading alongside the list: one round trip less.
    const wanted = remembered();
    if (wanted && get().selectedId === null) get().select(wanted);
    try {
      const { stores } = await api.listStores();
      // Select before publishing the list: the definition request leaves before React renders.
      const selected = get().selectedId;
      const first = stores.find((s) => s.id === selected) ?? stores[0];
      if (first && first.id !== selected) get().select(first.id);
      set({ list: { status: 'ready', data: stores } });
    } catch (error) {
      set({ list: { status: 'error', message: message(error) } });
    }
  },
  select: (id) => {
    if (get().selectedId === id && get().definition?.status === 'ready') return;
    set({ selectedId: id, definition: { status: 'loading' } });
    try {
      window.localStorage.setItem(SELECTED_KEY, id);
    } catch {
      // private mode: the choice is simply not remembered
    }
    api.getStore(id).then(
      (data) => {
        if (get().selectedId === id) set({ definition: { status: 'ready', data } });
      },
      (error: unknown) => {
        if (get().selectedId === id) set({ definition: { status: 'error', message: message(error) } });
      },
    );
  },
}));

/** The selected store's definition once loaded, else null. */
export function useDefinition(): StoreDefinition | null {
  return useStores((s) => (s.definition?.status === 'ready' ? s.definition.data : null));
}
