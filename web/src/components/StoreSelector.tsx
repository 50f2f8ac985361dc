import { Listbox, ListboxButton, ListboxOption, ListboxOptions } from '@headlessui/react';
import { useStores } from '../state/stores';

export default function StoreSelector() {
  const list = useStores((s) => s.list);
  const selectedId = useStores((s) => s.selectedId);
  const select = useStores((s) => s.select);
  if (list.status !== 'ready') {
    return <span className="text-sm text-slate-500">{list.status === 'loading' ? 'Loading stores…' : 'Stores unavailable'}</span>;
  }
  if (list.data.length === 0) return <span className="text-sm text-slate-500">No stores</span>;
  const selected = list.data.find((s) => s.id === selectedId);
  return (
    <Listbox value={selectedId ?? ''} onChange={(id: string) => select(id)}>
      <div className="relative">
        <ListboxButton data-testid="store-selector" className="max-w-[14rem] truncate rounded border border-slate-300 bg-white px-3 py-1.5 text-left text-sm">
          {selected ? selected.name : 'Choose a store'} <span aria-hidden>▾</span>
        </ListboxButton>
        <ListboxOptions anchor="bottom end" className="z-50 mt-1 max-h-72 w-64 overflow-auto rounded border border-slate-200 bg-white py-1 text-sm shadow-lg">
          {list.data.map((store) => (
            <ListboxOption key={store.id} value={store.id} className="cursor-pointer px-3 py-2 data-[focus]:bg-slate-100 data-[selected]:font-semibold">
              {store.name}
              <span className="block text-xs text-slate-500">
                {store.id} · {store.timezone} · {store.zone_count} zones
              </span>
            </ListboxOption>
          ))}
        </ListboxOptions>
      </div>
    </Listbox>
  );
}

