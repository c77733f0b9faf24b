/**
 * Small formatting helpers for output meant for people: numbers, dates, durations, byte sizes, ANSI styles and
 * width arithmetic that ignores escape sequences.
 */

/** ANSI styles; every field is "" when colors are off. */
export interface Palette {
  readonly number: string;
  readonly string: string;
  readonly date: string;
  readonly keyword: string;
  readonly dim: string;
  readonly bold: string;
  readonly error: string;
  readonly reset: string;
}

const ANSI: Palette = {
  number: "\x1b[33m",
  string: "\x1b[32m",
  date: "\x1b[35m",
  keyword: "\x1b[36m",
  dim: "\x1b[2m",
  bold: "\x1b[1m",
  error: "\x1b[31m",
  reset: "\x1b[0m",
};
const PLAIN: Palette = { number: "", string: "", date: "", keyword: "", dim: "", bold: "", error: "", reset: "" };

/** The palette for `color`: ANSI escapes, or empty strings. */
export function palette(color: boolean): Palette {
  return color ? ANSI : PLAIN;
}

/** Wraps `text` in a style, or returns it unchanged when the style is empty. */
export function paint(style: string, text: string, p: Palette): string {
  return style === "" || text === "" ? text : `${style}${text}${p.reset}`;
}

/**
 * A number as people read it. `compact` keeps 4 significant digits of fractions (table cells), never rounding
 * the integer part away; otherwise the shortest text that reads back as the same double. Non-finite numbers print
 * as `NaN`, `Infinity`, `-Infinity`.
 */
export function formatNumber(n: number, compact = false): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  if (Object.is(n, -0)) return "0";
  if (!compact || Number.isInteger(n)) return String(n);
  const intDigits = Math.floor(Math.log10(Math.abs(n))) + 1;
  return String(Number(n.toPrecision(Math.min(21, Math.max(4, intDigits)))));
}

const UNITS: readonly (readonly [string, number])[] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
];

/** A duration in its two largest units: "1h 30m", "2d 4h", "45s", "250ms", "-5m"; zero is "0s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return Number.isNaN(ms) ? "NaN" : ms > 0 ? "Infinity" : "-Infinity";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return "0s";
  if (rest < 1000) return `${sign}${rest}ms`;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (rest >= size || parts.length > 0) {
      const count = Math.floor(rest / size);
      rest -= count * size;
      if (count > 0) parts.push(`${count}${unit}`);
      else if (parts.length > 0) break;
      if (parts.length === 2) break;
    }
  }
  return sign + parts.join(" ");
}

/** Where dates are shown: the machine's local time zone (default) or UTC. */
export type TimeZone = "local" | "UTC";

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** A date as "2026-03-01 14:22" (with ":05" seconds when asked), in local time or UTC; invalid dates as "Invalid Date". */
export function formatDate(ms: number, zone: TimeZone = "local", seconds = false): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return "Invalid Date";
  const utc = zone === "UTC";
  const y = utc ? d.getUTCFullYear() : d.getFullYear();
  const mo = (utc ? d.getUTCMonth() : d.getMonth()) + 1;
  const day = utc ? d.getUTCDate() : d.getDate();
  const h = utc ? d.getUTCHours() : d.getHours();
  const mi = utc ? d.getUTCMinutes() : d.getMinutes();
  const text = `${y}-${pad2(mo)}-${pad2(day)} ${pad2(h)}:${pad2(mi)}`;
  return seconds ? `${text}:${pad2(utc ? d.getUTCSeconds() : d.getSeconds())}` : text;
}

/** "3 days ago", "in 2 hours", "just now": the distance from `now` in its largest unit. */
export function formatRelative(ms: number, now: number): string {
  const diff = now - ms;
  const abs = Math.abs(diff);
  if (abs < 45_000) return "just now";
  const steps: readonly (readonly [string, number])[] = [
    ["year", 365 * 86_400_000],
    ["month", 30 * 86_400_000],
    ["week", 7 * 86_400_000],
    ["day", 86_400_000],
    ["hour", 3_600_000],
    ["minute", 60_000],
  ];
  for (const [unit, size] of steps) {
    const count = Math.round(abs / size);
    if (count >= 1 && abs >= size * 0.95) {
      const text = `${count} ${unit}${count === 1 ? "" : "s"}`;
      return diff >= 0 ? `${text} ago` : `in ${text}`;
    }
  }
  return "just now";
}

/** Bytes as "512 B", "1.5 KB", "3.2 GB" (powers of 1000). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return formatNumber(n);
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} B` : `${formatNumber(v, true).replace(/(\.\d)\d+$/, "$1")} ${units[i]}`;
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;]*m/g;

/** The number of terminal cells `text` takes, ignoring ANSI escapes (one per code point). */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of text.replace(ANSI_RE, "")) n++;
  return n;
}

// C0 controls, DEL and C1 controls: a terminal acts on them (ESC starts a sequence, U+009B is a one-character CSI).
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Text from the data made safe to show on a terminal: every C0 control character, DEL and C1 control character
 * becomes its visible escape (`\u001b`), so a run name cannot clear the screen or recolor what follows. Other
 * characters are kept; widths are then counted on what is shown. Never throws.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL_RE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** escapeControls for text of several lines: each line escaped, the newlines between them kept. */
export function escapeControlsInLines(text: string): string {
  return text.split("\n").map(escapeControls).join("\n");
}

/** Cuts plain text to `width` cells, ending in "…" when anything was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return "";
  const chars = [...text];
  if (chars.length <= width) return text;
  return `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

/** Pads styled text to `width` visible cells, on the right (or on the left for `right`). */
export function pad(text: string, width: number, right = false): string {
  const fill = " ".repeat(Math.max(0, width - visibleLength(text)));
  return right ? fill + text : text + fill;
}

/** "1 run" / "3 runs". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** Whether a string may be written as a bare dict key or member name. */
export function isIdentifier(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}
