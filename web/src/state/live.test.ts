import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveSnapshot } from '../api/client';
import {
  MAX_RECENT_EVENTS,
  Throttle,
  applySnapshot,
  applyStreamMessage,
  backoffDelay,
  createLiveStore,
  emptyLive,
} from './live';

function snapshot(asOf: string, people: number | null, store = 'store_001'): LiveSnapshot {
  return {
    store_id: store,
    as_of: asOf,
    k: 5,
    people_in_store: people,
    zones: [{ zone_id: 'electronics', occupancy: 12, source: 'camera', suppressed: false, updated_at: asOf }],
    lanes: [{ lane_id: 'L01', queue_length: 3, updated_at: asOf }],
    departments: [],
    totals: { sales_this_hour: 10, transactions_this_hour: 2 },
  };
}

const live = (data: LiveSnapshot) => ({ topic: 'live', store_id: data.store_id, data });

describe('applyStreamMessage', () => {
  it('takes live snapshots for the selected store', () => {
    const state = applyStreamMessage(emptyLive('store_001'), live(snapshot('2026-11-23T14:00:00Z', 10)));
    expect(state.snapshot?.people_in_store).toBe(10);
    expect(state.messages).toBe(1);
  });
  it('ignores other stores and snapshots older than the current one', () => {
    let state = applyStreamMessage(emptyLive('store_001'), live(snapshot('2026-11-23T14:00:05Z', 10)));
    expect(applyStreamMessage(state, live(snapshot('2026-11-23T14:00:06Z', 99, 'store_002')))).toBe(state);
    state = applyStreamMessage(state, live(snapshot('2026-11-23T14:00:01Z', 7)));
    expect(state.snapshot?.people_in_store).toBe(10);
    state = applyStreamMessage(state, live(snapshot('2026-11-23T14:00:05Z', 11)));
    expect(state.snapshot?.people_in_store).toBe(11);
  });
  it('keeps the newest events first, capped', () => {
    let state = emptyLive('store_001');
    state = applyStreamMessage(state, { topic: 'events', store_id: 'store_001', events: [{ type: 'a' }, { type: 'b' }] });
    expect(state.recentEvents.map((e) => e.type)).toEqual(['b', 'a']);
    const many = Array.from({ length: 80 }, (_, i) => ({ type: `e${i}` }));
    state = applyStreamMessage(state, { topic: 'events', store_id: 'store_001', events: many });
    expect(state.recentEvents).toHaveLength(MAX_RECENT_EVENTS);
    expect(state.recentEvents[0]?.type).toBe('e79');
  });
  it('leaves the state alone on anything it does not know', () => {
    const state = emptyLive('store_001');
    for (const message of [null, 42, 'x', {}, { type: 'subscribed' }, { topic: 'live' }, { topic: 'live', data: {} }, { topic: 'events', store_id: 'store_001', events: [] }]) {
      expect(applyStreamMessage(state, message)).toBe(state);
    }
  });
  it('applySnapshot accepts any store while none is selected', () => {
    expect(applySnapshot(emptyLive(null), snapshot('2026-11-23T14:00:00Z', 3)).snapshot?.people_in_store).toBe(3);
  });
});

describe('backoffDelay', () => {
  it('doubles from 0.5 s to a 30 s cap, with ±25 % jitter', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, mid))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(20, mid)).toBe(30000);
    expect(backoffDelay(0, () => 0)).toBe(375);
    expect(backoffDelay(0, () => 1)).toBe(625);
  });
});

describe('throttled publishing', () => {
  afterEach(() => vi.useRealTimers());

  it('Throttle runs at most once per interval and always runs the trailing call', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const throttle = new Throttle(100, run, () => Date.now());
    throttle.schedule();
    expect(run).toHaveBeenCalledTimes(1);
    throttle.schedule();
    throttle.schedule();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('60 messages a second publish only a few times and the last one wins', () => {
    vi.useFakeTimers();
    const store = createLiveStore(250);
    store.getState().reset('store_001');
    const start = Date.parse('2026-11-23T14:00:00Z');
    for (let i = 0; i < 60; i++) {
      store.getState().ingest(live(snapshot(new Date(start + i * 16).toISOString(), i)));
      vi.advanceTimersByTime(16);
    }
    vi.advanceTimersByTime(300);
    const state = store.getState();
    expect(state.messages).toBe(60);
    expect(state.snapshot?.people_in_store).toBe(59);
    expect(state.publishes).toBeLessThanOrEqual(6);
    expect(state.publishes).toBeGreaterThanOrEqual(3);
  });

  it('reset drops pending state of the previous store', () => {
    vi.useFakeTimers();
    const store = createLiveStore(250);
    store.getState().reset('store_001');
    store.getState().ingest(live(snapshot('2026-11-23T14:00:00Z', 1)));
    store.getState().ingest(live(snapshot('2026-11-23T14:00:01Z', 2)));
    store.getState().reset('store_002');
    vi.advanceTimersByTime(1000);
    expect(store.getState().snapshot).toBeNull();
    expect(store.getState().connection).toBe('connecting');
  });
});
