/**
 * Lexical scopes of the checker. The root scope holds the host's variables; each lambda adds a scope whose
 * parameters shadow every outer name and every op name (language.md, "Names, calls and members").
 */
import { printType, type Type } from "@qel/ops";
import type { SlotPlan } from "./check-plan.js";

/** A name visible at some node. */
export interface ScopeEntry {
  readonly name: string;
  readonly type: Type;
  readonly kind: "parameter" | "variable";
}

export class Scope {
  readonly #names: Map<string, { readonly index: number; readonly type: Type }>;

  private constructor(readonly parent: Scope | undefined, names: readonly (readonly [string, Type])[]) {
    // slot 0 of every frame holds the parent frame
    this.#names = new Map(names.map(([n, t], i) => [n, { index: i + 1, type: t }]));
  }

  /** The root scope: the host's variables, in slot order. */
  static root(variables: Readonly<Record<string, Type>>): Scope {
    return new Scope(undefined, Object.keys(variables).map((k) => [k, variables[k]!] as const));
  }

  /** A lambda's scope. A repeated parameter name is the checker's error; the last one wins here. */
  child(params: readonly (readonly [string, Type])[]): Scope {
    return new Scope(this, params);
  }

  /** The slot and type a name refers to, or undefined when no scope binds it. */
  lookup(name: string): { readonly plan: SlotPlan; readonly type: Type } | undefined {
    let depth = 0;
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent, depth++) {
      const hit = s.#names.get(name);
      if (hit !== undefined) return { plan: { kind: "slot", depth, index: hit.index, name }, type: hit.type };
    }
    return undefined;
  }

  /**
   * Every visible name with its type, innermost first; a shadowed name appears once (its innermost binding).
   * `parameter` names are lambda parameters, `variable` names the host's.
   */
  entries(): ScopeEntry[] {
    const out: ScopeEntry[] = [];
    const seen = new Set<string>();
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      for (const [name, { type }] of s.#names) {
        if (seen.has(name)) continue;
        seen.add(name);
        out.push({ name, type, kind: s.parent === undefined ? "variable" : "parameter" });
      }
    }
    return out;
  }

  /** Every visible name, for suggestions. */
  names(): string[] {
    const out: string[] = [];
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) out.push(...s.#names.keys());
    return out;
  }

  /** Identifies the types of every visible parameter (not the root variables, which never change), for memoizing. */
  key(): string {
    return (this.#key ??= this.#keyOf());
  }

  #key: string | undefined;

  #keyOf(): string {
    const parts: string[] = [];
    for (let s: Scope | undefined = this; s?.parent !== undefined; s = s.parent) {
      parts.push([...s.#names.values()].map((v) => typeKey(v.type)).join(","));
    }
    return parts.join(";");
  }
}

/**
 * Identifies a type for memoizing (as `printType` does): a type that holds no other type by its kind alone, which
 * spares the printer in the common case (a lambda over runs, numbers or strings).
 */
export function typeKey(t: Type): string {
  switch (t.kind) {
    case "list":
    case "dict":
    case "union":
    case "function":
    case "var":
      return printType(t);
    default:
      return t.kind;
  }
}
