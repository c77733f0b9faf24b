/**
 * ISO-8601 timestamps of the runs format (docs/runs-format.md), parsed strictly: no
 * `Date.parse` leniency, so `"yesterday"`, `"2024-02-30"` and `"2024-01-02 03:04"` are rejected.
 */

// year: 4 digits, or the expanded ±6-digit form that Date#toISOString writes outside 0000–9999.
const ISO = /^(\d{4}|[+-]\d{6})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The largest |ms| a JavaScript date can hold (±100,000,000 days around 1970). */
const MAX_MS = 8.64e15;

/**
 * Parses an ISO-8601 date-time into milliseconds since the Unix epoch, or returns null when `text` is not one.
 *
 * Accepted: `2024-01-02T03:04:05Z`, with fractional seconds of 1–9 digits (truncated to milliseconds), with an
 * offset `+05:30` / `-08:00`, or with seconds left out (`2024-01-02T03:04Z`). Two shorter forms are accepted
 * too, and both mean UTC:
 * - a date-time without zone (`2020-04-02T20:50:08.354203`), because W&B's `wandb-metadata.json` `startedAt`
 *   is written that way and means UTC;
 * - a date alone (`2024-01-02`), meaning midnight UTC, as ECMAScript reads it.
 *
 * Rejected: anything else, including out-of-range fields (month 13, February 30, hour 24, second 60), a space
 * instead of `T`, lowercase `t`/`z`, basic format without separators, and week or ordinal dates.
 */
export function parseIsoDate(text: string): number | null {
  const fast = parseUtcDateTime(text);
  if (fast !== undefined) return fast;
  const m = ISO.exec(text);
  if (m === null) return null;
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  if (ys === undefined || mos === undefined || ds === undefined) return null;
  if (ys === "-000000") return null; // ISO 8601 forbids negative zero years
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = hs === undefined ? 0 : Number(hs);
  const minute = mis === undefined ? 0 : Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, "0"));
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== "Z") {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  const t = d.getTime() - offsetMinutes * 60_000;
  return Number.isFinite(t) && Math.abs(t) <= MAX_MS ? t : null;
}

/** The digits of `s` from `from` to `to` as a number, or -1 when one is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The common shapes `2024-01-02T03:04:05Z` and `2024-01-02T03:04:05.678Z` (what exports and W&B write), read
 * without a regular expression; undefined for any other text, which parseIsoDate then reads the general way.
 */
function parseUtcDateTime(s: string): number | null | undefined {
  const n = s.length;
  if ((n !== 20 && n !== 24) || s.charCodeAt(n - 1) !== 90 /* Z */ || s[4] !== "-" || s[7] !== "-" || s[10] !== "T" ||
    s[13] !== ":" || s[16] !== ":" || (n === 24 && s[19] !== ".")) return undefined;
  const year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10);
  const hour = digits(s, 11, 13), minute = digits(s, 14, 16), second = digits(s, 17, 19);
  const ms = n === 24 ? digits(s, 20, 23) : 0;
  if (year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || ms < 0) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Formats milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.sssZ` (expanded years outside 0000–9999), which
 * {@link parseIsoDate} reads back to the same number. Returns null for a value no date can hold.
 */
export function formatIsoDate(ms: number): string | null {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_MS) return null;
  return new Date(ms).toISOString();
}

/** Milliseconds for Unix seconds (W&B `_timestamp`, `start_time`), or null when not a finite number. */
export function unixSecondsToMs(seconds: unknown): number | null {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return null;
  const ms = Math.round(seconds * 1000);
  return Math.abs(ms) <= MAX_MS ? ms : null;
}
