// Fetches one JSON resource for a page: loading, ready, not available (404), or error.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, requestJson } from './client';

export type Resource<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'not-available' }
  | { status: 'error'; message: string };

export function useResource<T>(url: string | null): [Resource<T>, () => void] {
  const [state, setState] = useState<Resource<T>>(url ? { status: 'loading' } : { status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!url) {
      setState({ status: 'idle' });
      return;
    }
    const abort = new AbortController();
    setState({ status: 'loading' });
    requestJson<T>(url, { signal: abort.signal }).then(
      (data) => setState({ status: 'ready', data }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        if (error instanceof ApiError && error.notAvailable) setState({ status: 'not-available' });
        else setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [url, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, retry];
}
