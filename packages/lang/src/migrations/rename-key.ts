/**
 * Renames a config, summary or history key wherever an expression reads it: `r.config.lr`, `r.config["lr"]`,
 * `runConfig(r).lr`, `runs.config.lr` (mapped), `r.history.lr`, a lambda parameter holding a config. The checker's
 * types decide which dicts are the run's own, so `{lr: 1}.lr` and keys of other dicts stay as they are.
 */
import type { DictName } from "@qel/ops";
import type { Expr, Index, Member } from "../syntax/ast.js";
import type { CheckEnv } from "../check/check.js";
import type { Diagnostic } from "../syntax/diagnostics.js";
import { innermost, locate, type Analysis } from "./analysis.js";
import { invalidArgument, isPlainName, isRecord, quoteValue, unknownFields } from "./arguments.js";
import { rewrite, type Edit, type RewriteNote, type Rewritten } from "./rewrite.js";

/** Which of a run's dicts a key belongs to. */
export type RunDictPart = "config" | "summary" | "history";

/** A key to rename; without `part` the key is renamed in the config, the summary and history rows alike. */
export interface KeyRename {
  readonly part?: RunDictPart;
  readonly from: string;
  readonly to: string;
}

const partOf: Readonly<Record<DictName, RunDictPart>> = { ConfigDict: "config", SummaryDict: "summary", HistoryRow: "history" };
const PARTS: readonly unknown[] = ["config", "summary", "history"];

/** Which run dict `object` is (after nulls and list levels), if it is one. */
function runDictPart(analysis: Analysis, object: Expr): RunDictPart | undefined {
  const t = innermost(analysis.types.get(object));
  return t?.kind === "dict" && t.name !== undefined ? partOf[t.name] : undefined;
}

function matching(renames: readonly KeyRename[], part: RunDictPart, key: string): KeyRename | undefined {
  return renames.find((r) => r.from === key && (r.part === undefined || r.part === part));
}

/** The edits renaming keys; exported for migrations that combine several rewrites. */
export function planKeyRenames(analysis: Analysis, renames: readonly KeyRename[]): { edits: Edit[]; changes: RewriteNote[]; skipped: RewriteNote[] } {
  const edits: Edit[] = [];
  const changes: RewriteNote[] = [];
  const skipped: RewriteNote[] = [];
  const renamedStrings = new Set<Expr>();
  for (const { node, path } of locate(analysis.ast)) {
    const plan = analysis.plans.get(node);
    if (plan?.kind !== "key" || (node.kind !== "Member" && node.kind !== "Index")) continue;
    const key = node.kind === "Member" ? node.name : node.index.kind === "String" ? node.index.value : undefined;
    if (key === undefined) continue;
    const part = runDictPart(analysis, node.object);
    const rename = part !== undefined ? matching(renames, part, key) : undefined;
    if (rename === undefined || part === undefined) continue;
    if (node.kind === "Index") renamedStrings.add(node.index);
    const where = node.kind === "Member" ? node.nameSpan : node.index.span;
    changes.push({ span: where, message: `${part} key "${key}" renamed to "${rename.to}"` });
    edits.push({ path, edit: (draft) => renameIn(draft as Member | Index, rename.to) });
  }
  // A key named in a string elsewhere (`config.has("lr")`, `pick(config, ["lr"])`) is not a read the checker
  // can attribute to a run dict: report it for a person to decide.
  for (const { node } of locate(analysis.ast)) {
    if (node.kind !== "String" || renamedStrings.has(node)) continue;
    const r = renames.find((x) => x.from === node.value);
    if (r !== undefined) skipped.push({ span: node.span, message: `the string "${node.value}" may name the key; left as is` });
  }
  return { edits, changes, skipped };
}

/** Renames the key read by a member or index draft; a key that is not a plain name is written `["…"]`. */
function renameIn(draft: Member | Index, to: string): Expr | void {
  if (draft.kind === "Index") {
    (draft.index as { value: string }).value = to;
    return undefined;
  }
  if (isPlainName(to)) {
    (draft as { name: string }).name = to;
    return undefined;
  }
  const index: Index = { kind: "Index", span: draft.span, object: draft.object, index: { kind: "String", span: draft.nameSpan, value: to } };
  return index;
}

/** Why one rename is not usable, or undefined when it is. */
function renameProblem(rename: unknown): string | undefined {
  if (!isRecord(rename)) return "a rename must be an object {from, to} or {part, from, to}";
  const extra = unknownFields(rename, ["part", "from", "to"]);
  if (extra.length > 0) return `a rename has no field \`${extra[0]}\` (its fields are part, from and to)`;
  if (rename["part"] !== undefined && !PARTS.includes(rename["part"])) return '`part` must be "config", "summary" or "history"';
  for (const [field, role] of [["from", "the old key"], ["to", "the new key"]] as const) {
    const value = rename[field];
    if (typeof value !== "string" || value === "") return `\`${field}\` must be ${role}, a non-empty string, not ${field in rename ? quoteValue(value) : "missing"}`;
  }
  return undefined;
}

/** Whether two renames of the same key in the same dict disagree (only the first would apply). */
function conflicting(a: KeyRename, b: KeyRename): boolean {
  const sameDict = a.part === undefined || b.part === undefined || a.part === b.part;
  return sameDict && a.from === b.from && a.to !== b.to;
}

/**
 * Why `renames` cannot be applied, as an `invalid_argument` diagnostic naming the bad rename, or undefined when
 * it is a list of well-formed renames. Never throws.
 */
export function checkKeyRenames(renames: unknown): Diagnostic | undefined {
  if (!Array.isArray(renames)) return invalidArgument(`the renames must be a list of {from, to}, not ${quoteValue(renames)}`);
  for (const [i, rename] of renames.entries()) {
    const problem = renameProblem(rename);
    if (problem !== undefined) return invalidArgument(`renames[${i}] ${quoteValue(rename)}: ${problem}`);
  }
  const list = renames as readonly KeyRename[];
  for (const [i, rename] of list.entries()) {
    const j = list.findIndex((other, k) => k > i && conflicting(rename, other));
    if (j >= 0) return invalidArgument(`renames[${i}] and renames[${j}] rename "${rename.from}" to different keys ("${rename.to}" and "${list[j]!.to}")`);
  }
  return undefined;
}

/**
 * Renames keys of the runs' config, summary or history rows wherever `source` reads them, prints the result
 * canonically and checks it again. Never throws: renames that are not a list of well-formed `{part?, from, to}`
 * (or rename one key to two) leave the text unchanged, with an `invalid_argument` error naming the bad rename.
 */
export function renameKeys(source: string, renames: readonly KeyRename[], env: CheckEnv = {}): Rewritten {
  const refused = checkKeyRenames(renames);
  if (refused !== undefined) return { expr: source, changed: false, changes: [], skipped: [], type: undefined, diagnostics: [refused] };
  return rewrite(source, env, (analysis) => planKeyRenames(analysis, renames));
}
