import { describe, expect, test } from "vitest";
import { dateAt, MAX_DATE_MS } from "./date.js";
import { OpError } from "./errors.js";
import { invokeOp } from "./invoke.js";
import { standardRegistry } from "./std.js";
import { DateValue, DurationValue, type Value } from "./values.js";

const call = (name: string, ...args: Value[]): Value => invokeOp(standardRegistry.lookup(name)!, args);
const at = (iso: string): DateValue => new DateValue(Date.parse(iso));
const ms = (n: number): DurationValue => new DurationValue(n);

describe("date ops", () => {
  test.for<[string, Value[], Value]>([
    ["date", ["2026-10-01"], at("2026-10-01T00:00:00Z")],
    ["date", ["2026-10-01T12:00:00Z"], at("2026-10-01T12:00:00Z")],
    ["date", ["2026-10-01T12:00:00.123456Z"], at("2026-10-01T12:00:00.123Z")],
    ["date", ["2026-10-01T14:00:00+02:00"], at("2026-10-01T12:00:00Z")],
    ["date", ["2026-10-01T12:00:00"], at("2026-10-01T12:00:00Z")],
    ["Date", ["2024-02-29"], at("2024-02-29T00:00:00Z")],
    ["date", [0], new DateValue(0)],
    ["date", [null], null],
    ["days", [2], ms(172_800_000)],
    ["hours", [1.5], ms(5_400_000)],
    ["minutes", [-5], ms(-300_000)],
    ["seconds", [90], ms(90_000)],
    ["days", [ms(129_600_000)], 1.5],
    ["hours", [ms(5_400_000)], 1.5],
    ["minutes", [ms(90_000)], 1.5],
    ["seconds", [ms(1500)], 1.5],
    ["toMillis", [at("1970-01-01T00:00:01Z")], 1000],
    ["getTime", [ms(250)], 250],
    ["toISOString", [at("2026-03-02T09:00:00Z")], "2026-03-02T09:00:00.000Z"],
    ["toDateString", [at("2026-03-02T23:59:59Z")], "2026-03-02"],
    ["toDateString", [at("2026-03-02T23:30:00-05:00")], "2026-03-03"],
    ["year", [at("1999-12-31T23:59:59Z")], 1999],
    ["month", [at("2026-12-01T00:00:00Z")], 12],
    ["month", [at("2026-01-31T00:00:00Z")], 1],
    ["day", [at("2026-02-28T23:00:00-02:00")], 1],
    ["hour", [at("2026-02-28T23:00:00-02:00")], 1],
    ["weekday", [at("2026-03-02T00:00:00Z")], 1],
    ["weekday", [at("2026-03-08T23:59:59Z")], 7],
    ["weekday", [at("2026-03-07T12:00:00Z")], 6],
    ["year", [null], null],
  ])("%s(%j)", ([name, args, expected]) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  test.for<[string, Value]>([
    ["yesterday", "yesterday"],
    ["February 30", "2026-02-30"],
    ["month 13", "2026-13-01"],
    ["a space instead of T", "2026-01-02 03:04:05"],
    ["an empty string", ""],
    ["a number beyond the date range", MAX_DATE_MS + 1],
    ["NaN", NaN],
  ])("date(%s) is an invalid_argument error", ([, arg]) => {
    let error: unknown;
    try {
      call("date", arg);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OpError);
    expect((error as OpError).code).toBe("invalid_argument");
  });

  test("now() reads the evaluation context's clock, by default the system clock", () => {
    const cx = { now: Date.UTC(2026, 2, 11), maxStringLength: Infinity };
    expect(invokeOp(standardRegistry.lookup("now")!, [], cx)).toEqual(at("2026-03-11T00:00:00Z"));
    const t = (call("now") as DateValue).ms;
    expect(Math.abs(t - Date.now())).toBeLessThan(1000);
  });

  test("dateAt accepts the range limits and refuses beyond them", () => {
    expect(dateAt(MAX_DATE_MS).ms).toBe(MAX_DATE_MS);
    expect(dateAt(-MAX_DATE_MS).ms).toBe(-MAX_DATE_MS);
    expect(() => dateAt(-MAX_DATE_MS - 1)).toThrow(OpError);
    expect(() => dateAt(Infinity)).toThrow(OpError);
  });
});

describe("truncate", () => {
  test.for<[string, string, string]>([
    ["2026-03-04T15:16:17.189Z", "year", "2026-01-01T00:00:00Z"],
    ["2026-03-04T15:16:17.189Z", "month", "2026-03-01T00:00:00Z"],
    ["2026-03-04T15:16:17.189Z", "week", "2026-03-02T00:00:00Z"],
    ["2026-03-01T23:59:59Z", "week", "2026-02-23T00:00:00Z"],
    ["2026-03-02T00:00:00Z", "week", "2026-03-02T00:00:00Z"],
    ["2026-01-01T10:00:00Z", "week", "2025-12-29T00:00:00Z"],
    ["2026-03-04T15:16:17.189Z", "day", "2026-03-04T00:00:00Z"],
    ["2026-03-04T15:16:17.189Z", "hour", "2026-03-04T15:00:00Z"],
    ["2026-03-04T15:16:17.189Z", "minute", "2026-03-04T15:16:00Z"],
    ["1969-12-31T23:30:00Z", "day", "1969-12-31T00:00:00Z"],
  ])("%s to the %s is %s", ([d, unit, expected]) => {
    expect(call("truncate", at(d), unit)).toEqual(at(expected));
  });

  test("an unknown unit is an invalid_argument error listing the units", () => {
    expect(() => call("truncate", at("2026-01-01"), "fortnight")).toThrow(/unknown unit "fortnight" \(units: "year", "month", "week", "day", "hour", "minute"\)/);
  });
});
