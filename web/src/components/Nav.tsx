// The header: page links (a menu button below 1024 px), the connection state and the store
// selector. Kept free of Headless UI so the overview's first render does not wait for it: the
// selector (a Headless UI Listbox) loads just after, showing the store's name meanwhile.
import { Suspense, lazy, useState, type MouseEvent } from 'react';
import { routes, useRouter } from '../router';
import { useStores } from '../state/stores';

const StoreSelector = lazy(() => import('./StoreSelector'));

function SelectedStoreName() {
  const name = useStores((s) => (s.list.status === 'ready' ? s.list.data.find((x) => x.id === s.selectedId)?.name : undefined));
  return <span className="max-w-[14rem] truncate px-3 py-1.5 text-sm">{name ?? ''}</span>;
}
import { useLive, type Connection } from '../state/live';

function NavLink({ path, label, onClick }: { path: string; label: string; onClick?: () => void }) {
  const pathname = useRouter((s) => s.pathname);
  const navigate = useRouter((s) => s.navigate);
  const active = pathname === path;
  return (
    <a
      href={path}
      aria-current={active ? 'page' : undefined}
      onClick={(event: MouseEvent) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(path);
        onClick?.();
      }}
      className={`block rounded px-3 py-2 text-sm font-medium ${active ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-200'}`}
    >
      {label}
    </a>
  );
}

const connectionText: Record<Connection, [string, string]> = {
  idle: ['No store', 'bg-slate-300'],
  connecting: ['Connecting', 'bg-slate-400'],
  streaming: ['Live', 'bg-emerald-500'],
  polling: ['Reconnecting', 'bg-amber-500'],
  unavailable: ['Live data not available yet', 'bg-slate-400'],
  error: ['Offline', 'bg-red-500'],
};

export function ConnectionBadge() {
  const connection = useLive((s) => s.connection);
  const [text, colour] = connectionText[connection];
  return (
    <span data-testid="connection-status" data-connection={connection} className="inline-flex items-center gap-1.5 text-xs text-slate-600">
      <span className={`h-2 w-2 rounded-full ${colour}`} aria-hidden />
      {text}
    </span>
  );
}

export function Nav() {
  const [open, setOpen] = useState(false);
  return (
    <header className="sticky top-0 z-40 border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl items-center gap-3 px-3 py-2">
        <button
          type="button"
          data-testid="nav-toggle"
          aria-label="Menu"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          className="rounded p-2 text-slate-700 hover:bg-slate-100 lg:hidden"
        >
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden>
            <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" />
          </svg>
        </button>
        <span className="font-bold tracking-tight">StoreOps</span>
        <nav className="hidden gap-1 lg:flex" aria-label="Pages">
          {routes.map((route) => (
            <NavLink key={route.path} path={route.path} label={route.label} />
          ))}
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-3">
          <span className="hidden sm:inline">
            <ConnectionBadge />
          </span>
          <Suspense fallback={<SelectedStoreName />}>
            <StoreSelector />
          </Suspense>
        </div>
      </div>
      {open && (
        <nav aria-label="Pages" className="border-t border-slate-200 px-3 py-2 lg:hidden">
          {routes.map((route) => (
            <NavLink key={route.path} path={route.path} label={route.label} onClick={() => setOpen(false)} />
          ))}
          <div className="px-3 py-2 sm:hidden">
            <ConnectionBadge />
          </div>
        </nav>
      )}
    </header>
  );
}
