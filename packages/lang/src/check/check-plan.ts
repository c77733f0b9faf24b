/**
 * What the checker decided about each node, for the compiler: which slot a name reads, which overloads a call may
 * run, how many list levels a call maps over. The compiler never looks a name up again.
 */
import type { Candidate, OpDef, Registry, RunSchema, Type } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import type { Diagnostic } from "../syntax/diagnostics.js";

/** An op call, already resolved; `args` are the argument expressions, the receiver of `a.f(b)` first. */
export interface OpCallPlan {
  readonly kind: "op";
  readonly op: OpDef;
  /** The name as written (`+`, `jobType`, `runJobType`), for messages. */
  readonly name: string;
  readonly args: readonly Expr[];
  readonly candidates: readonly Candidate[];
  /** Per argument: its runtime kind must be checked against the candidates' parameters. */
  readonly dynamic: readonly boolean[];
  /** List levels the first argument maps over (language.md, "Lists map ops over themselves"). */
  readonly mapDepth: number;
  /** The (unmapped) result type may be a list or a string, so output limits are checked. */
  readonly bigResult: boolean;
  /** A dynamic argument is run data: a value of a kind no candidate takes gives null (docs/language.md "Types from data"). */
  readonly lenient: boolean;
}

/** A dict key looked up (`d.key`, `d["key"]`, `d[k]`), mapped over `mapDepth` list levels. */
export interface KeyPlan {
  readonly kind: "key";
  readonly object: Expr;
  /** A literal key, or the index expression computing it. */
  readonly key: string | Expr;
  readonly mapDepth: number;
}

/**
 * `a.name` where the static type does not decide (`any`, a union with dicts, a nullable dict with a null-handling
 * op): a dict's key at run time, else the one-argument op `name` (when there is one), also on null.
 */
export interface DynamicMemberPlan {
  readonly kind: "dynamicMember";
  readonly object: Expr;
  readonly key: string;
  readonly op: Omit<OpCallPlan, "args"> | undefined;
  readonly mapDepth: number;
  /** The value is run data: a kind that has neither the key nor the op gives null instead of an error. */
  readonly lenient: boolean;
}

/** A parameter or a host variable: slot `index` of the frame `depth` levels up (the root frame holds variables). */
export interface SlotPlan {
  readonly kind: "slot";
  readonly depth: number;
  readonly index: number;
  readonly name: string;
}

/**
 * An op used as a function value. With `call`, it was passed where the parameter types were known: it takes the
 * first `arity` arguments it is given. Without, any arguments are dispatched at run time.
 */
export interface OpValuePlan {
  readonly kind: "opValue";
  readonly op: OpDef;
  readonly name: string;
  readonly arity: number;
  readonly call: Omit<OpCallPlan, "args"> | undefined;
}

/** A call of a function value (a lambda parameter, a host function, an immediately called lambda). */
export interface ValueCallPlan {
  readonly kind: "callValue";
  readonly callee: Expr;
  readonly args: readonly Expr[];
}

export interface LambdaPlan {
  readonly kind: "lambda";
  readonly arity: number;
  /** The body holds lambdas that may capture this frame. */
  readonly nested: boolean;
}

export type Plan = OpCallPlan | KeyPlan | DynamicMemberPlan | SlotPlan | OpValuePlan | ValueCallPlan | LambdaPlan;

/** Everything the checker provides; `check()` returns it, `compile()` consumes it. */
export interface Checked {
  readonly ast: Expr;
  /** The type of the whole expression. */
  readonly type: Type;
  /** Every node's type (calls' callees get the called function's type), for completion and `:type`. */
  readonly types: ReadonlyMap<Expr, Type>;
  readonly warnings: readonly Diagnostic[];
  readonly plans: ReadonlyMap<Expr, Plan>;
  /** Host variable names in root-frame slot order (slot 0 of each frame is its parent). */
  readonly variables: readonly string[];
  readonly registry: Registry;
  readonly schema: RunSchema | undefined;
}
