/**
 * Access chains from a lambda's parameter (`r.summary.acc`, `r.user.username`): the calls and key lookups in turn
 * as one closure, with the steps, null rule and output limits of the separate ones.
 */
import type { Value } from "@qel/ops";
import { callsDirectly, callUnary, emitted, type Unary } from "./compile-call.js";
import type { Code } from "./compile-runtime.js";
import { fail } from "./compile-failures.js";
import type { Span } from "../syntax/source.js";

/**
 * One step of an access chain (`r.summary.acc`, `r.user.username`): a unary call or a string key lookup, each
 * counting its step at its own span, in the order the separate closures would.
 */
export interface Link {
  /** The dict key looked up, or undefined for a call. */
  readonly key: string | undefined;
  readonly unary: Unary | undefined;
  readonly span: Span;
}

/**
 * An access chain from a slot of the innermost frame: one closure instead of one per call or lookup, with the
 * same steps, null rule and output limits.
 */
export function chain(index: number, links: readonly Link[]): Code {
  if (links.length === 2 && links[0]!.unary !== undefined) {
    // a field and a key of it (`r.config.lr`) or a field of it (`r.user.username`)
    const [l0, l1] = [links[0]!, links[1]!];
    const u0 = l0.unary!;
    const { impl, emit, name } = u0 as { impl: (a: Value) => Value | undefined } & Unary;
    const { key, unary: u1, span: at1 } = l1;
    const at = l0.span;
    return (f, c) => {
      if (++c.steps > c.next) c.tick(at);
      const a = f[index] as Value;
      let d: Value;
      if (!callsDirectly(u0, a)) d = callUnary(u0, a, c, at);
      else {
        let v: Value | undefined;
        try {
          v = impl(a);
        } catch (e) {
          throw fail(e, at, name);
        }
        d = emitted(v, emit, c, at);
      }
      if (++c.steps > c.next) c.tick(at1);
      if (key !== undefined) return d instanceof Map ? ((d as ReadonlyMap<string, Value>).get(key) ?? null) : null;
      return callUnary(u1!, d, c, at1);
    };
  }
  return chainLoop(index, links);
}

/** `chain` of any length: the links in a loop. */
function chainLoop(index: number, links: readonly Link[]): Code {
  return (f, c) => {
    let v = f[index] as Value;
    for (let i = 0; i < links.length; i++) {
      const l = links[i]!;
      if (++c.steps > c.next) c.tick(l.span);
      const key = l.key;
      if (key !== undefined) v = v instanceof Map ? ((v as ReadonlyMap<string, Value>).get(key) ?? null) : null;
      else v = callUnary(l.unary!, v, c, l.span);
    }
    return v;
  };
}
