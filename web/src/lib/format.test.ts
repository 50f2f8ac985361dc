import { describe, expect, it } from 'vitest';
import {
  MISSING,
  estimateWaitSeconds,
  formatAge,
  formatCount,
  formatDuration,
  formatMoney,
  formatOccupancy,
  formatPercent,
  formatStoreDateTime,
  formatStoreTime,
  storeDate,
} from './format';

describe('formatMoney', () => {
  it('formats dollars with cents and thousands separators', () => {
    expect(formatMoney(1234.5)).toBe('$1,234.50');
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(-3.456)).toBe('-$3.46');
  });
  it('formats other currencies and compact amounts', () => {
    expect(formatMoney(12.3, { currency: 'EUR' })).toBe('€12.30');
    expect(formatMoney(1_234_567, { compact: true })).toBe('$1.2M');
  });
  it('shows a dash for missing values', () => {
    expect(formatMoney(null)).toBe(MISSING);
    expect(formatMoney(undefined)).toBe(MISSING);
    expect(formatMoney(Number.NaN)).toBe(MISSING);
  });
});

describe('formatCount and formatOccupancy', () => {
  it('rounds to whole people with separators', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(2.6)).toBe('3');
    expect(formatCount(null)).toBe(MISSING);
  });
  it('never shows a suppressed count', () => {
    expect(formatOccupancy(3, true, 5)).toBe('< 5');
    expect(formatOccupancy(null, true, 5)).toBe('< 5');
    expect(formatOccupancy(17, false, 5)).toBe('17');
    expect(formatOccupancy(null, false, 5)).toBe(MISSING);
  });
  it('formats percentages', () => {
    expect(formatPercent(0.1234)).toBe('12.3 %');
    expect(formatPercent(undefined)).toBe(MISSING);
  });
});

describe('formatDuration', () => {
  it('uses seconds, minutes, then hours and minutes', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45.4)).toBe('45 s');
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(179)).toBe('3 min');
    expect(formatDuration(3600)).toBe('1 h 00 min');
    expect(formatDuration(3900)).toBe('1 h 05 min');
  });
  it('clamps negatives and handles missing values', () => {
    expect(formatDuration(-5)).toBe('0 s');
    expect(formatDuration(null)).toBe(MISSING);
  });
});

describe('store time zone', () => {
  it('shows instants in the store time zone, whatever the browser zone', () => {
    expect(formatStoreTime('2026-11-23T20:05:00Z', 'America/Chicago')).toBe('14:05 CST');
    expect(formatStoreTime('2026-07-01T20:05:00Z', 'America/Chicago')).toBe('15:05 CDT');
    expect(formatStoreTime('2026-11-23T20:05:00Z', 'Europe/Berlin')).toBe('21:05 GMT+1');
    expect(formatStoreTime(Date.parse('2026-11-23T20:05:00Z'), 'UTC')).toBe('20:05 UTC');
  });
  it('adds the date when asked', () => {
    expect(formatStoreDateTime('2026-11-24T03:00:00Z', 'America/Chicago')).toBe('Nov 23, 21:00 CST');
  });
  it("gives the store's calendar date", () => {
    const instant = new Date('2026-11-24T03:00:00Z');
    expect(storeDate(instant, 'America/Chicago')).toBe('2026-11-23');
    expect(storeDate(instant, 'Asia/Tokyo')).toBe('2026-11-24');
  });
  it('shows a dash for bad or missing instants', () => {
    expect(formatStoreTime('not a time', 'UTC')).toBe(MISSING);
    expect(formatStoreTime(null, 'UTC')).toBe(MISSING);
  });
  it('formats ages', () => {
    const now = new Date('2026-11-23T20:05:00Z');
    expect(formatAge('2026-11-23T20:05:00Z', now)).toBe('just now');
    expect(formatAge('2026-11-23T20:04:48Z', now)).toBe('12 s ago');
    expect(formatAge('2026-11-23T20:02:00Z', now)).toBe('3 min ago');
  });
});

describe('estimateWaitSeconds', () => {
  it('scales with queue length and divides by stations', () => {
    expect(estimateWaitSeconds(0, 'staffed')).toBe(0);
    expect(estimateWaitSeconds(4, 'staffed')).toBe(600);
    expect(estimateWaitSeconds(4, 'express')).toBe(360);
    expect(estimateWaitSeconds(10, 'self_checkout', 10)).toBe(100);
    expect(estimateWaitSeconds(2, 'unknown-kind')).toBe(300);
    expect(estimateWaitSeconds(null, 'staffed')).toBeNull();
  });
});
