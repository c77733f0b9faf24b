/**
 * Regular expressions: `matches` and `match`. Patterns use RE2 syntax and run on re2js, a pure-JavaScript port of
 * RE2 whose matching time grows linearly with the text, so no pattern backtracks catastrophically (docs/ops.md,
 * "matches"). JavaScript's own RegExp backtracks and could run for hours on `(a+)+$`.
 */
import { RE2JS } from "re2js";
import { defineOp, overload, type OpDef } from "./define.js";
import { OpError } from "./errors.js";
import { T } from "./types.js";

/**
 * The most work one match may take, as text length times pattern length. Matching is linear, so this bounds each
 * call to about a second on a slow machine and lets the evaluator's time limit stop a loop of matches between calls.
 */
export const MAX_MATCH_WORK = 10_000_000;

const cache = new Map<string, RE2JS>();
const CACHE_SIZE = 64;

/** The compiled pattern; throws an `invalid_argument` OpError naming the syntax problem. */
function compiled(op: string, pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re !== undefined) return re;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^error parsing regexp: /, "") : String(e);
    throw new OpError("invalid_argument", `${op}: ${JSON.stringify(pattern)} is not a valid regular expression: ${why}`);
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, re);
  return re;
}

function checkWork(op: string, s: string, pattern: string): void {
  if (s.length * Math.max(1, pattern.length) > MAX_MATCH_WORK) {
    throw new OpError("invalid_argument",
      `${op}: a text of ${s.length} characters is too long for a pattern of ${pattern.length} (their product may be at most ${MAX_MATCH_WORK})`);
  }
}

const S = { name: "s", doc: "The text to search." } as const;
const PATTERN = { name: "pattern", doc: "A regular expression in RE2 syntax; `(?i)` at its start ignores case." } as const;

const matches = defineOp({
  name: "matches", category: "string",
  overloads: [overload([T.String, T.String], T.Boolean, (s, pattern) => {
    checkWork("matches", s, pattern);
    return compiled("matches", pattern).matcher(s).find();
  })],
  doc: {
    summary: "Whether the regular expression `pattern` matches somewhere in the string; anchor it with `^` and `$` to match the whole.",
    details: "RE2 syntax (as Go and re2): character classes, `|`, `*`, `+`, `?`, `{n,m}`, groups, `(?i)`; no backreferences or lookaround. Matching takes time linear in the text, so no pattern can hang an evaluation; a text longer than 10 000 000 characters divided by the pattern's length is refused. A pattern that does not parse is an error naming the problem.",
    params: [S, PATTERN], returns: "boolean",
    examples: [
      { expr: 'runs.filter(run => run.name.matches("^run-0[1-3]$")).map(runName)', result: ["run-01", "run-02", "run-03"] },
      { title: "Ignoring case", expr: 'runs.filter(run => (run.displayName ?? "").matches("(?i)^LR-")).count', result: 3 },
    ],
    seeAlso: ["match", "contains"],
  },
});

const match = defineOp({
  name: "match", category: "string",
  overloads: [overload([T.String, T.String], T.Nullable(T.List(T.Nullable(T.String))), (s, pattern) => {
    checkWork("match", s, pattern);
    const m = compiled("match", pattern).matcher(s);
    if (!m.find()) return null;
    const groups: (string | null)[] = [];
    for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i));
    return Object.freeze(groups);
  })],
  doc: {
    summary: "The first match of `pattern` in the string as a list: the whole match, then each group (null for a group that took no part); null when it does not match.",
    details: "Same syntax and guarantees as `matches`.",
    params: [S, PATTERN], returns: "list<string|null>|null",
    examples: [
      { title: "Numbers out of names", expr: 'runs.map(run => run.displayName ?? "").map(n => n.match("lr-([0-9.]+)")[1])', result: [null, "0.01", "0.1", null, "0.01", null, null, "0.01"] },
      { expr: '"seed=42".match("(\\\\w+)=(\\\\d+)")', result: ["seed=42", "seed", "42"] },
    ],
    seeAlso: ["matches", "split"],
  },
});

/** The regular-expression ops. */
export const regexOps: readonly OpDef[] = [matches, match];
