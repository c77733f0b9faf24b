/**
 * Renames a config, summary or history key wherever an expression reads it: `r.config.lr`, `r.config["lr"]`,
 * `runConfig(r).lr`, `runs.config.lr` (mapped), `r.history.lr`, a lambda parameter holding a config. The checker's
 * types decide which dicts are the run's own, so `{lr: 1}.lr` and keys of other dicts stay as they are.
 */
import type { DictName } from "@qel/ops";
import type { Expr, Index, Member } from "../syntax/ast.js";
import type { CheckEnv } from "../check/check.js";
import { innermost, locate, type Analysis } from "./analysis.js";
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
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(["true", "false", "null", "and", "or", "not", "in"]);

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
  if (IDENTIFIER.test(to) && !KEYWORDS.has(to)) {
    (draft as { name: string }).name = to;
    return undefined;
  }
  const index: Index = { kind: "Index", span: draft.span, object: draft.object, index: { kind: "String", span: draft.nameSpan, value: to } };
  return index;
}

/**
 * Renames keys of the runs' config, summary or history rows wherever `source` reads them, prints the result
 * canonically and checks it again. Never throws.
 */
export function renameKeys(source: string, renames: readonly KeyRename[], env: CheckEnv = {}): Rewritten {
  return rewrite(source, env, (analysis) => planKeyRenames(analysis, renames));
}
