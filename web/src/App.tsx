import { Suspense, lazy } from 'react';
import { Nav } from './components/Nav';
import { Empty, ErrorState, Loading } from './components/States';
import { Overview } from './pages/Overview';
import { matchRoute, useRouter, type RoutePath } from './router';
import { useStores } from './state/stores';

// The overview is in the main bundle (first render ≤ 1 s); the chart pages load on demand.
const StoreMap = lazy(() => import('./pages/StoreMap'));
const Forecasts = lazy(() => import('./pages/Forecasts'));
const Staffing = lazy(() => import('./pages/Staffing'));
const Simulation = lazy(() => import('./pages/Simulation'));
const Associate = lazy(() => import('./pages/Associate'));

function Page({ route }: { route: RoutePath }) {
  switch (route) {
    case '/':
      return <Overview />;
    case '/map':
      return <StoreMap />;
    case '/forecasts':
      return <Forecasts />;
    case '/staffing':
      return <Staffing />;
    case '/simulation':
      return <Simulation />;
    case '/associate':
      return <Associate />;
  }
}

export function App() {
  const pathname = useRouter((s) => s.pathname);
  const list = useStores((s) => s.list);
  const loadList = useStores((s) => s.loadList);

  const route = matchRoute(pathname);
  let body;
  if (route === null) {
    body = <Empty title="No such page">Pick a page from the menu.</Empty>;
  } else if (list.status === 'loading') {
    body = <Loading label="Loading stores…" />;
  } else if (list.status === 'error') {
    body = <ErrorState message={list.message} onRetry={() => void loadList()} />;
  } else if (list.data.length === 0) {
    body = (
      <Empty title="No stores yet">
        Import one with <code>storeops store import FILE</code> or start <code>storeops demo</code>.
      </Empty>
    );
  } else {
    body = (
      <Suspense fallback={<Loading />}>
        <Page route={route} />
      </Suspense>
    );
  }
  return (
    <div className="min-h-screen">
      <Nav />
      <main className="mx-auto max-w-7xl px-3 py-4 sm:px-4">{body}</main>
    </div>
  );
}
