/**
 * `:set [NAME VALUE]`: the evaluation limits of this REPL session (see cli/limits.ts). The REPL starts with no step
 * or time limit (Ctrl-C stops an evaluation) and the default output limit; `:set` alone shows them.
 */
import { LIMIT_SETTINGS, parseLimit, showLimit, type LimitOptions } from "../cli/limits.js";
import { paint, palette } from "../render-format.js";

/** The REPL's starting limits: steps and time off, output as by default. */
export const REPL_LIMITS: LimitOptions = { maxSteps: Number.POSITIVE_INFINITY, timeoutMs: Number.POSITIVE_INFINITY };

/** Applies `:set ARG` to `limits`; returns the new limits and the lines to print. */
export function setCommand(arg: string, limits: LimitOptions, color: boolean): { limits: LimitOptions; lines: string[] } {
  const p = palette(color);
  const show = (l: LimitOptions): string[] =>
    LIMIT_SETTINGS.map((s) => `${s.name.padEnd(11)} ${showLimit(s, l)}${showLimit(s, l) === "off" ? "" : ` ${s.unit}`}`);
  if (arg === "") return { limits, lines: show(limits) };
  const m = /^([a-z-]+)\s*(?:=\s*)?(\S+)$/.exec(arg);
  if (m === null) return { limits, lines: ["usage: :set NAME VALUE (names: max-steps, timeout, max-output; VALUE a number or off)"] };
  try {
    const next = { ...limits, ...parseLimit(m[1]!, m[2]!) };
    return { limits: next, lines: show(next).filter((line) => line.startsWith(`${m[1]} `)) };
  } catch (e) {
    return { limits, lines: [paint(p.error, (e as Error).message.replace(/^--/, ""), p)] };
  }
}
