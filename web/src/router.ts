// A tiny history-API router: the dashboard has six flat routes, and `storeops serve` answers
// every non-/api path without a file with index.html, so a reload on /staffing works.
import { create } from 'zustand';

export const routes = [
  { path: '/', label: 'Overview' },
  { path: '/map', label: 'Store map' },
  { path: '/forecasts', label: 'Forecasts' },
  { path: '/staffing', label: 'Staffing' },
  { path: '/simulation', label: 'Simulation' },
  { path: '/associate', label: 'Associate' },
] as const;

export type RoutePath = (typeof routes)[number]['path'];

export function matchRoute(pathname: string): RoutePath | null {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return routes.find((route) => route.path === trimmed)?.path ?? null;
}

interface RouterState {
  pathname: string;
  navigate: (path: string) => void;
}

export const useRouter = create<RouterState>((set) => ({
  pathname: typeof window === 'undefined' ? '/' : window.location.pathname,
  navigate: (path) => {
    if (path === window.location.pathname) return;
    window.history.pushState(null, '', path);
    set({ pathname: path });
    window.scrollTo(0, 0);
  },
}));

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => useRouter.setState({ pathname: window.location.pathname }));
}
