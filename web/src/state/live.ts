// The live store: what the overview and the map draw. Stream messages are folded into a pending
// state by pure functions (applyStreamMessage) as they arrive, and the React-visible Zustand
// state is published at most once per `publishIntervalMs`, so 60 updates/s cost 60 cheap
// reductions and a handful of renders.
import { create } from 'zustand';
import type { LiveSnapshot, StreamEvent, StreamMessage } from '../api/client';

export type Connection =
  | 'idle' // no store selected
  | 'connecting'
  | 'streaming' // WebSocket open and subscribed
  | 'polling' // WebSocket down: GET live every few seconds while reconnecting
  | 'unavailable' // the server has no live endpoint (yet)
  | 'error';

export interface LiveData {
  storeId: string | null;
  snapshot: LiveSnapshot | null;
  /** Newest first, at most MAX_RECENT_EVENTS. */
  recentEvents: StreamEvent[];
  /** Messages folded in since the store was selected (not only the published ones). */
  messages: number;
}

export const MAX_RECENT_EVENTS = 50;

export function emptyLive(storeId: string | null): LiveData {
  return { storeId, snapshot: null, recentEvents: [], messages: 0 };
}

function instant(value: string | undefined): number {
  const t = value ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

/** A snapshot replaces the current one unless it is for another store or older than it. */
export function applySnapshot(state: LiveData, snapshot: LiveSnapshot): LiveData {
  if (state.storeId !== null && snapshot.store_id !== state.storeId) return state;
  if (state.snapshot && instant(snapshot.as_of) < instant(state.snapshot.as_of)) {
    return { ...state, messages: state.messages + 1 };
  }
  return { ...state, snapshot, messages: state.messages + 1 };
}

/** Folds one message from /api/v1/stream into the state; unknown messages change nothing. */
export function applyStreamMessage(state: LiveData, message: unknown): LiveData {
  if (!message || typeof message !== 'object') return state;
  const m = message as Partial<StreamMessage> & Record<string, unknown>;
  if ('topic' in m && m.topic === 'live') {
    const data = (m as { data?: LiveSnapshot }).data;
    if (!data || typeof data !== 'object' || typeof data.store_id !== 'string') return state;
    return applySnapshot(state, data);
  }
  if ('topic' in m && m.topic === 'events') {
    const storeId = (m as { store_id?: unknown }).store_id;
    const events = (m as { events?: unknown }).events;
    if (state.storeId !== null && storeId !== state.storeId) return state;
    if (!Array.isArray(events) || events.length === 0) return state;
    const newest = (events as StreamEvent[]).slice(-MAX_RECENT_EVENTS).reverse();
    return {
      ...state,
      recentEvents: [...newest, ...state.recentEvents].slice(0, MAX_RECENT_EVENTS),
      messages: state.messages + 1,
    };
  }
  return state;
}

/** Reconnect delay after `attempt` failures: 0.5 s, 1 s, 2 s ... capped at 30 s, with jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + 0.5 * random()));
}

interface LiveStore extends LiveData {
  connection: Connection;
  error: string | null;
  /** How many times the published state changed (renders the stream caused). */
  publishes: number;
  reset: (storeId: string | null) => void;
  setConnection: (connection: Connection, error?: string | null) => void;
  /** Folds a message in now and publishes it within publishIntervalMs. */
  ingest: (message: unknown) => void;
  ingestSnapshot: (snapshot: LiveSnapshot) => void;
  flush: () => void;
}

/** Publishes pending state at most every intervalMs (trailing edge, never drops the last). */
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = -Infinity;
  constructor(
    private readonly intervalMs: number,
    private readonly run: () => void,
    private readonly now: () => number = () => Date.now(),
  ) {}
  schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.last + this.intervalMs - this.now());
    if (wait === 0) {
      this.fire();
      return;
    }
    this.timer = setTimeout(() => this.fire(), wait);
  }
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
  private fire(): void {
    this.timer = null;
    this.last = this.now();
    this.run();
  }
}

export const publishIntervalMs = 250;

export function createLiveStore(intervalMs = publishIntervalMs) {
  let pending: LiveData = emptyLive(null);
  let dirty = false;
  return create<LiveStore>((set, get) => {
    const throttle = new Throttle(intervalMs, () => get().flush());
    return {
      ...emptyLive(null),
      connection: 'idle',
      error: null,
      publishes: 0,
      reset: (storeId) => {
        throttle.cancel();
        pending = emptyLive(storeId);
        dirty = false;
        set({ ...pending, connection: storeId ? 'connecting' : 'idle', error: null });
      },
      setConnection: (connection, error = null) => set({ connection, error }),
      ingest: (message) => {
        const next = applyStreamMessage(pending, message);
        if (next !== pending) {
          pending = next;
          dirty = true;
          throttle.schedule();
        }
      },
      ingestSnapshot: (snapshot) => {
        const next = applySnapshot(pending, snapshot);
        if (next !== pending) {
          pending = next;
          dirty = true;
          throttle.schedule();
        }
      },
      flush: () => {
        if (!dirty) return;
        dirty = false;
        set((state) => ({ ...pending, publishes: state.publishes + 1 }));
      },
    };
  });
}

export const useLive = createLiveStore();
