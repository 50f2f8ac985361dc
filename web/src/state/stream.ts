// Keeps the live store fed for one store: a first GET live, then the /api/v1/stream WebSocket,
// reconnecting with backoff; while the socket is down it polls GET live. A 404 on GET live means
// the server has no live data yet: the state says 'unavailable' and nothing else is tried.
import { ApiError, api } from '../api/client';
import type { SubscribeRequest } from '../api/client';
import { backoffDelay, useLive } from './live';

export const POLL_INTERVAL_MS = 3000;

export function streamUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/stream`;
}

/** Starts feeding useLive for `storeId`; returns the function that stops it. */
export function connectLive(storeId: string): () => void {
  const live = useLive.getState();
  live.reset(storeId);
  let stopped = false;
  let socket: WebSocket | null = null;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  const abort = new AbortController();

  const poll = async () => {
    pollTimer = null;
    try {
      useLive.getState().ingestSnapshot(await api.getLive(storeId, abort.signal));
    } catch (error) {
      if (stopped) return;
      if (error instanceof ApiError && error.notAvailable) {
        useLive.getState().setConnection('unavailable');
        return;
      }
    }
    if (!stopped && useLive.getState().connection === 'polling') {
      pollTimer = setTimeout(poll, POLL_INTERVAL_MS);
    }
  };

  const startPolling = () => {
    if (stopped || useLive.getState().connection === 'unavailable') return;
    useLive.getState().setConnection('polling');
    if (pollTimer === null) pollTimer = setTimeout(poll, POLL_INTERVAL_MS);
  };

  const stopPolling = () => {
    if (pollTimer !== null) clearTimeout(pollTimer);
    pollTimer = null;
  };

  const open = () => {
    reconnectTimer = null;
    if (stopped) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(streamUrl());
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      const subscribe: SubscribeRequest = { action: 'subscribe', topics: ['live', 'events'], store_id: storeId };
      ws.send(JSON.stringify(subscribe));
    };
    ws.onmessage = (event) => {
      let message: unknown;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (message && typeof message === 'object' && (message as { type?: unknown }).type === 'subscribed') {
        attempt = 0;
        stopPolling();
        useLive.getState().setConnection('streaming');
        return;
      }
      useLive.getState().ingest(message);
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      if (!stopped) scheduleReconnect();
    };
    ws.onerror = () => {
      // onclose follows and reconnects.
    };
  };

  const scheduleReconnect = () => {
    if (stopped || reconnectTimer !== null) return;
    startPolling();
    reconnectTimer = setTimeout(open, backoffDelay(attempt++));
  };

  (async () => {
    try {
      useLive.getState().ingestSnapshot(await api.getLive(storeId, abort.signal));
      useLive.getState().flush();
    } catch (error) {
      if (stopped) return;
      if (error instanceof ApiError && error.notAvailable) {
        useLive.getState().setConnection('unavailable');
        return;
      }
      useLive.getState().setConnection('error', error instanceof Error ? error.message : String(error));
    }
    if (!stopped) open();
  })();

  return () => {
    stopped = true;
    abort.abort();
    stopPolling();
    if (reconnectTimer !== null) clearTimeout(reconnectTimer);
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
    useLive.getState().reset(null);
  };
}

/**
 * Connects the live store to whichever store is selected, from now on. Called once at start-up,
 * outside React, so GET live leaves as soon as a store is chosen rather than after a render.
 */
export function followSelectedStore(
  subscribe: (listener: (id: string | null, previous: string | null) => void) => () => void,
): () => void {
  let disconnect: (() => void) | null = null;
  const unsubscribe = subscribe((id, previous) => {
    if (id === previous) return;
    disconnect?.();
    disconnect = id ? connectLive(id) : null;
  });
  return () => {
    unsubscribe();
    disconnect?.();
  };
}
