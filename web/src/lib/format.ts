// Numbers and times formatted for people. Every function takes null/undefined and gives "—",
// so pages never print "NaN" or "null". Times are shown in the store's own time zone.

export const MISSING = '—';

const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(currency: string, locale: string | undefined, compact: boolean) {
  const key = `${currency}|${locale ?? ''}|${compact}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    });
    moneyFormats.set(key, format);
  }
  return format;
}

function missing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || !Number.isFinite(value);
}

/** 1234.5 → "$1,234.50"; compact: 1234567 → "$1.2M". */
export function formatMoney(
  value: number | null | undefined,
  options: { currency?: string; locale?: string; compact?: boolean } = {},
): string {
  if (missing(value)) return MISSING;
  return moneyFormat(options.currency ?? 'USD', options.locale ?? 'en-US', !!options.compact).format(
    value,
  );
}

/** Whole counts: 12345 → "12,345". Fractions are rounded to the nearest person. */
export function formatCount(value: number | null | undefined, locale = 'en-US'): string {
  if (missing(value)) return MISSING;
  return Math.round(value).toLocaleString(locale);
}

/**
 * A zone occupancy as the privacy rules allow it: a suppressed count (fewer people than k) is
 * shown as "< k", never as a number.
 */
export function formatOccupancy(
  value: number | null | undefined,
  suppressed: boolean,
  k: number,
): string {
  if (suppressed) return `< ${k}`;
  return formatCount(value);
}

/** 0.123 → "12.3 %". */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (missing(value)) return MISSING;
  return `${(value * 100).toFixed(digits)} %`;
}

/** Seconds as people read a wait: "0 s", "45 s", "3 min", "1 h 05 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (missing(seconds)) return MISSING;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours} h ${String(rest).padStart(2, '0')} min`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(timeZone: string, withDate: boolean) {
  const key = `${timeZone}|${withDate}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(withDate ? { month: 'short', day: 'numeric' } : {}),
      timeZoneName: 'short',
    });
    timeFormats.set(key, format);
  }
  return format;
}

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "2026-11-23T20:05:00Z" in America/Chicago → "14:05 CST". */
export function formatStoreTime(
  value: string | number | Date | null | undefined,
  timeZone: string,
): string {
  const date = toDate(value);
  if (!date) return MISSING;
  return timeFormat(timeZone, false).format(date);
}

/** "Nov 23, 14:05 CST" in the store's time zone. */
export function formatStoreDateTime(
  value: string | number | Date | null | undefined,
  timeZone: string,
): string {
  const date = toDate(value);
  if (!date) return MISSING;
  return timeFormat(timeZone, true).format(date);
}

/** The store's calendar date (YYYY-MM-DD) at an instant: what "today" means for the store. */
export function storeDate(value: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(value);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "just now", "12 s ago", "3 min ago" between two instants. */
export function formatAge(
  value: string | number | Date | null | undefined,
  now: Date = new Date(),
): string {
  const date = toDate(value);
  if (!date) return MISSING;
  const seconds = Math.max(0, (now.getTime() - date.getTime()) / 1000);
  if (seconds < 2) return 'just now';
  return `${formatDuration(seconds)} ago`;
}

/** Average seconds to serve one customer at one station; an estimate until the server sends one. */
export const SECONDS_PER_CUSTOMER = { staffed: 150, express: 90, self_checkout: 100 } as const;

/** Estimated wait for a customer joining a queue of `queueLength` at a lane of `stations`. */
export function estimateWaitSeconds(
  queueLength: number | null | undefined,
  kind: string | undefined,
  stations = 1,
): number | null {
  if (missing(queueLength)) return null;
  const perCustomer =
    SECONDS_PER_CUSTOMER[(kind ?? 'staffed') as keyof typeof SECONDS_PER_CUSTOMER] ??
    SECONDS_PER_CUSTOMER.staffed;
  return (Math.max(0, queueLength) * perCustomer) / Math.max(1, stations);
}
