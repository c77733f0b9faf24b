/**
 * signatureHelp(src, offset, env): inside a call's parentheses, the op's overloads and which parameter the
 * cursor is on. The call is found from the tokens before the offset (so it works while the call is still open);
 * when the text parses, the overload the checker resolved is the active one and its types are the resolved ones.
 * In `a.f(b)` the receiver `a` is the first parameter, so the cursor on `b` is on the second.
 */
import { standardRegistry, type OpDef } from "@qel/ops";
import type { IToken } from "chevrotain";
import type { CheckEnv } from "../check/check.js";
import type { Call } from "../syntax/ast.js";
import * as t from "../syntax/tokens.js";
import { lexer } from "../syntax/lexer.js";
import { locate } from "../migrations/analysis.js";
import { serviceTree } from "./service-tree.js";
import { signatureLabel, summaryOf, type ParameterLabel, type SignatureLabel } from "./signature.js";

/** Signature help: the active overload's label and parameters, every overload, and the active parameter. */
export interface SignatureHelp {
  readonly label: string;
  readonly params: readonly ParameterLabel[];
  /** The parameter the cursor is on (the receiver of `a.f(…)` is parameter 0). */
  readonly active: number;
  /** The op's one-line summary. */
  readonly doc: string;
  /** The active parameter's doc, when the op documents it. */
  readonly paramDoc?: string;
  readonly overloads: readonly SignatureLabel[];
  readonly activeOverload: number;
}

interface OpenCall {
  readonly name: IToken;
  readonly method: boolean;
  readonly commas: number;
}

/** The innermost call whose `(` is open at `offset`, from the tokens before it. */
function openCallAt(source: string, offset: number): OpenCall | undefined {
  const tokens = lexer.tokenize(source).tokens.filter((tok) => tok.startOffset < offset);
  const stack: { open: IToken; index: number; commas: number }[] = [];
  tokens.forEach((tok, index) => {
    const type = tok.tokenType;
    if (type === t.LParen || type === t.LBracket || type === t.LBrace) stack.push({ open: tok, index, commas: 0 });
    else if (type === t.RParen || type === t.RBracket || type === t.RBrace) stack.pop();
    else if (type === t.Comma && stack.length > 0) stack[stack.length - 1]!.commas++;
  });
  for (let i = stack.length - 1; i >= 0; i--) {
    const { open, index, commas } = stack[i]!;
    if (open.tokenType !== t.LParen) continue;
    const name = tokens[index - 1];
    if (name === undefined || name.tokenType !== t.Identifier) continue;
    return { name, method: tokens[index - 2]?.tokenType === t.Dot, commas };
  }
  return undefined;
}

/** The overload the checker chose for the call written with `name`, when the text parses. */
function resolvedOverload(source: string, env: CheckEnv, name: IToken): { index: number; params: readonly import("@qel/ops").Type[]; result: import("@qel/ops").Type } | undefined {
  const tree = serviceTree(source, env);
  if (tree.ast === undefined) return undefined;
  for (const { node } of locate(tree.ast)) {
    if (node.kind !== "Call") continue;
    const callee = (node as Call).callee;
    const at = callee.kind === "Member" ? callee.nameSpan.start : callee.kind === "Name" ? callee.span.start : -1;
    if (at !== name.startOffset) continue;
    const plan = tree.plans.get(node);
    const k = plan?.kind === "op" && plan.candidates.length === 1 ? plan.candidates[0] : undefined;
    return k !== undefined ? { index: k.index, params: k.params, result: k.result } : undefined;
  }
  return undefined;
}

function help(op: OpDef, active: number, overloadIndex: number, resolved: ReturnType<typeof resolvedOverload>): SignatureHelp {
  const overloads = op.overloads.map((o, i) => signatureLabel(op, o, resolved !== undefined && i === resolved.index ? resolved : undefined));
  const shown = overloads[overloadIndex]!;
  const paramDoc = op.doc.params?.[active]?.doc;
  return { label: shown.label, params: shown.params, active, doc: summaryOf(op), ...(paramDoc !== undefined ? { paramDoc } : {}), overloads, activeOverload: overloadIndex };
}

/**
 * The signature help at `offset` (UTF-16): null outside a call's parentheses or when the callee is not an op.
 * Works on unfinished text (`runs.filter(`). Never throws.
 */
export function signatureHelp(source: string, offset: number, env: CheckEnv = {}): SignatureHelp | null {
  try {
    const call = openCallAt(source, Math.max(0, Math.min(offset, source.length)));
    if (call === undefined) return null;
    const op = (env.registry ?? standardRegistry).lookup(call.name.image);
    if (op === undefined || op.operator !== undefined) return null;
    const active = call.commas + (call.method ? 1 : 0);
    const resolved = resolvedOverload(source, env, call.name);
    // without a resolution: the first overload with a parameter at the cursor
    const fits = op.overloads.findIndex((o) => o.params.length > active);
    return help(op, active, resolved?.index ?? (fits >= 0 ? fits : 0), resolved);
  } catch {
    return null;
  }
}
