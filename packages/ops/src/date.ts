/**
 * Dates and durations: the clock, parsing, duration constructors and totals, and calendar fields in UTC.
 * Arithmetic and comparisons are operators (operators.ts). Semantics: docs/ops.md "Dates".
 */
import { contextual, defineOp, overload, type OpDef, type OpExample } from "./define.js";
import { OpError } from "./errors.js";
import { parseIsoDate } from "./runs-dates.js";
import { T } from "./types.js";
import { isoString } from "./value-print.js";
import { DateValue, DurationValue } from "./values.js";

/** The largest |ms| a date can hold (±100,000,000 days around 1970, as in JavaScript). */
export const MAX_DATE_MS = 8.64e15;

/** A date at `ms`; an OpError when no date can hold it (NaN, beyond ±100,000,000 days). */
export function dateAt(ms: number): DateValue {
  if (!(Math.abs(ms) <= MAX_DATE_MS)) throw new OpError("invalid_argument", "the date is out of range");
  return new DateValue(ms);
}

const D = [{ name: "date", doc: "A date." }] as const;
const parts = (d: DateValue): Date => new Date(d.ms);

const now = defineOp({
  name: "now", category: "date",
  overloads: [contextual([], T.Date, (cx) => new DateValue(cx.now))],
  doc: {
    summary: "The current instant, from the host's clock; fixed for a whole evaluation, and settable for reproducible results.",
    params: [], returns: "date",
    examples: [{ title: "Runs from the last week (the reference fixes now() at 2026-03-11T00:00:00Z)", expr: 'runs.filter(run => run.createdAt > now() - 7d).count', result: 5 }],
  },
});

const date = defineOp({
  name: "date", aliases: ["Date"], category: "date",
  // prettier-ignore
  overloads: [
    overload([T.String], T.Date, (text) => {
      const ms = parseIsoDate(text);
      if (ms === null) throw new OpError("invalid_argument", `${JSON.stringify(text)} is not an ISO-8601 date`, "write e.g. \"2026-10-01\" or \"2026-10-01T12:00:00Z\"");
      return new DateValue(ms);
    }),
    overload([T.Number], T.Date, dateAt),
  ],
  doc: {
    summary: "The date an ISO-8601 string spells (or a number of milliseconds since 1970-01-01 UTC).",
    details:
      "Accepted: `2026-10-01` (midnight UTC), `2026-10-01T12:00:00Z`, with fractional seconds, with an offset (`+02:00`), or " +
      "without a zone (meaning UTC). Anything else, such as \"yesterday\" or February 30, is an error.",
    params: [{ name: "text", doc: "An ISO-8601 date or date-time (or milliseconds)." }], returns: "date",
    examples: [
      { expr: 'date("2026-10-01T14:00:00+02:00")', result: "2026-10-01T12:00:00.000Z" },
      { expr: 'runs.filter(run => run.createdAt >= date("2026-03-05")).map(runName)', result: ["run-06", "run-07", "run-08"] },
    ],
  },
});

/** A duration constructor `name(n)` that doubles as the duration total `name(d)` (so `d.hours` reads naturally). */
function unitOp(name: "days" | "hours" | "minutes" | "seconds", ms: number, example: OpExample): OpDef {
  return defineOp({
    name, category: "duration",
    // prettier-ignore
    overloads: [
      overload([T.Number],   T.Duration, (n) => new DurationValue(n * ms)),
      overload([T.Duration], T.Number,   (d) => d.ms / ms),
    ],
    doc: {
      summary: `\`${name}(n)\` is a duration of n ${name}; on a duration, \`d.${name}\` is its total length in ${name} (with a fraction).`,
      params: [{ name: "n", doc: `A number of ${name}, or a duration to measure.` }], returns: "duration, or number",
      examples: [example],
    },
  });
}

const toMillis = defineOp({
  name: "toMillis", aliases: ["getTime"], category: "date",
  // prettier-ignore
  overloads: [
    overload([T.Date],     T.Number, (d) => d.ms),
    overload([T.Duration], T.Number, (d) => d.ms),
  ],
  doc: {
    summary: "Milliseconds since 1970-01-01T00:00:00Z for a date, or the length of a duration in milliseconds.",
    params: [{ name: "value", doc: "A date or a duration." }], returns: "number",
    examples: [{ expr: 'runs[0].createdAt.toMillis', result: 1772442000000 }, { expr: '(runs[0].heartbeatAt - runs[0].createdAt).getTime()', result: 5400000 }],
  },
});

const toISOString = defineOp({
  name: "toISOString", category: "date",
  overloads: [overload([T.Date], T.String, isoString)],
  doc: {
    summary: "The date as ISO-8601 text in UTC, with milliseconds.",
    params: D, returns: "string",
    examples: [{ expr: 'runs[0].heartbeatAt.toISOString', result: "2026-03-02T10:30:00.000Z" }],
  },
});

const toDateString = defineOp({
  name: "toDateString", category: "date",
  overloads: [overload([T.Date], T.String, (d) => isoString(d).split("T")[0]!)],
  doc: {
    summary: "The calendar day of the date in UTC, as \"YYYY-MM-DD\".",
    params: D, returns: "string",
    examples: [{ expr: 'runs.map(run => run.createdAt.toDateString()).unique', result: ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-10", "2026-03-06", "2026-03-05"] }],
  },
});

const TRUNCATE_UNITS = ["year", "month", "week", "day", "hour", "minute"] as const;

/** The start of the UTC calendar unit holding `d`; weeks start on Monday (ISO 8601). */
function truncateTo(d: DateValue, unit: string): DateValue {
  const t = parts(d);
  const [y, mo, day, h, mi] = [t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes()];
  switch (unit) {
    case "year": return dateAt(Date.UTC(y, 0, 1));
    case "month": return dateAt(Date.UTC(y, mo, 1));
    case "week": return dateAt(Date.UTC(y, mo, day - ((t.getUTCDay() + 6) % 7)));
    case "day": return dateAt(Date.UTC(y, mo, day));
    case "hour": return dateAt(Date.UTC(y, mo, day, h));
    case "minute": return dateAt(Date.UTC(y, mo, day, h, mi));
    default:
      throw new OpError("invalid_argument", `truncate: unknown unit ${JSON.stringify(unit)} (units: ${TRUNCATE_UNITS.map((u) => `"${u}"`).join(", ")})`);
  }
}

const truncate = defineOp({
  name: "truncate", category: "date",
  overloads: [overload([T.Date, T.String], T.Date, truncateTo)],
  doc: {
    summary: "The start of the UTC year, month, week (from Monday), day, hour or minute holding the date.",
    details: "For counting or grouping runs by period: `runs.countBy(r => r.createdAt.truncate(\"week\"))`. Another unit is an error listing the units.",
    params: [...D, { name: "unit", doc: "\"year\", \"month\", \"week\", \"day\", \"hour\" or \"minute\"." }], returns: "date",
    examples: [
      { expr: 'runs[0].createdAt.truncate("week").toISOString', result: "2026-03-02T00:00:00.000Z" },
      { title: "Runs per week", expr: 'runs.countBy(run => run.createdAt.truncate("week").toDateString())', result: [{ key: "2026-03-02", count: 7 }, { key: "2026-03-09", count: 1 }] },
    ],
  },
});

function fieldOp(name: string, summary: string, get: (d: Date) => number, example: OpExample): OpDef {
  return defineOp({
    name, category: "date",
    overloads: [overload([T.Date], T.Number, (d) => get(parts(d)))],
    doc: { summary, params: D, returns: "number", examples: [example] },
  });
}

/** The date and duration ops, in reference order. */
export const dateOps: readonly OpDef[] = [
  now, date,
  unitOp("days", 86_400_000, { expr: 'runs.filter(run => now() - run.createdAt > days(7)).map(run => round((now() - run.createdAt).days, 1))', result: [8.6, 7.4, 7.3] }),
  unitOp("hours", 3_600_000, { expr: '[hours(1.5), runs[0].heartbeatAt - runs[0].createdAt].map(d => d.hours)', result: [1.5, 1.5] }),
  unitOp("minutes", 60_000, { expr: 'runs.map(run => (run.heartbeatAt - run.createdAt).minutes).max', result: 238 }),
  unitOp("seconds", 1000, { expr: 'seconds(90)', result: {"duration_ms": 90000} }),
  toMillis, toISOString, toDateString, truncate,
  fieldOp("year", "The year of the date in UTC.", (d) => d.getUTCFullYear(), { expr: 'runs[0].createdAt.year', result: 2026 }),
  fieldOp("month", "The month of the date in UTC, 1 (January) to 12.", (d) => d.getUTCMonth() + 1, { expr: 'runs[0].createdAt.month', result: 3 }),
  fieldOp("day", "The day of the month in UTC, 1 to 31.", (d) => d.getUTCDate(), { expr: 'runs.map(run => run.createdAt.day)', result: [2, 3, 3, 4, 4, 10, 6, 5] }),
  fieldOp("hour", "The hour of the day in UTC, 0 to 23.", (d) => d.getUTCHours(), { expr: 'runs.map(run => run.createdAt.hour)', result: [9, 14, 16, 8, 9, 20, 7, 11] }),
  fieldOp("weekday", "The day of the week in UTC: 1 is Monday … 7 is Sunday.", (d) => ((d.getUTCDay() + 6) % 7) + 1, { expr: 'runs.map(run => run.createdAt.weekday)', result: [1, 2, 2, 3, 3, 2, 5, 4] }),
];
