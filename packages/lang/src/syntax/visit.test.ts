import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Expr } from "./ast.js";
import { parse } from "./parse.js";
import { print } from "./print.js";
import { BREAK, children, descendants, some, transform, visit } from "./visit.js";

function ast(src: string): Expr {
  const r = parse(src);
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  return r.value;
}

describe("visit", () => {
  it("walks every node in source order, entering before and leaving after the children", () => {
    const log: string[] = [];
    visit(ast("f(a, {k: b})[c]"), {
      enter: (n) => void log.push(`>${n.kind}`),
      leave: (n) => void log.push(`<${n.kind}`),
    });
    expect(log.join(" ")).toBe(">Index >Call >Name <Name >Name <Name >Dict >Name <Name <Dict <Call >Name <Name <Index");
  });

  it("gives each node its parent, key and ancestors", () => {
    const seen: string[] = [];
    visit(ast("a.b(c)"), { enter: (n, c) => void seen.push(`${n.kind}:${c.parent?.kind ?? "-"}.${c.key ?? "-"}:${c.ancestors.length}`) });
    expect(seen).toEqual(["Call:-.-:0", "Member:Call.callee:1", "Name:Member.object:2", "Name:Call.args:1"]);
  });

  it("gives each node its path from the root, which reaches the node", () => {
    const root = ast("f(a, {k: b.c})");
    const paths: string[] = [];
    visit(root, {
      enter: (n, { path }) => {
        let at: unknown = root;
        for (const step of path) at = (at as Record<string | number, unknown>)[step];
        expect(at).toBe(n);
        paths.push(path.join("/"));
      },
    });
    expect(paths).toEqual(["", "callee", "args/0", "args/1", "args/1/entries/0/value", "args/1/entries/0/value/object"]);
  });

  it("skips children when enter returns false, and stops at BREAK", () => {
    const names: string[] = [];
    visit(ast("[x => y, z, w]"), { enter: (n) => (n.kind === "Lambda" ? false : n.kind === "Name" && n.name === "w" ? BREAK : void (n.kind === "Name" && names.push(n.name))) });
    expect(names).toEqual(["z"]);
  });

  it("rebuilds only the path to a replaced node", () => {
    const root = ast("[a + 1, {k: b}, c]");
    const out = transform(root, (n) => (n.kind === "Name" && n.name === "b" ? { ...n, name: "bb" } : n));
    expect(print(out)).toBe("[a + 1, {k: bb}, c]");
    expect(out).not.toBe(root);
    const items = (root as Extract<Expr, { kind: "List" }>).items;
    expect((out as Extract<Expr, { kind: "List" }>).items[0]).toBe(items[0]);
    expect(transform(root, (n) => n)).toBe(root);
  });

  it("children and descendants agree with visit", () => {
    const root = ast("runs.map(r => r.summary[\"a\"] ?? -1).filter(x => x > 0 ? true : false)");
    const visited: Expr[] = [];
    visit(root, { enter: (n) => void visited.push(n) });
    expect(descendants(root)).toEqual(visited);
    expect(children(root)).toHaveLength(2);
    expect(some(root, (n) => n.kind === "Conditional")).toBe(true);
    expect(some(root, (n) => n.kind === "Dict")).toBe(false);
  });

  it("an identity transform of any parsed expression prints the same", () => {
    const words = fc.constantFrom("a", "1", "runs", "[x, 2]", "{k: 1}", "f(y)", "(z => z)", "-q", "'s'");
    fc.assert(
      fc.property(fc.array(fc.tuple(words, fc.constantFrom(" + ", ".m(", " ?? ", "[", ".k")), { maxLength: 6 }), words, (parts, last) => {
        let src = "";
        let closers = "";
        for (const [w, op] of parts) {
          src += w + op;
          if (op === ".m(") closers = ")" + closers;
          if (op === "[") closers = "]" + closers;
          if (op === ".k") src += " + ";
        }
        const r = parse(src + last + closers);
        if (!r.ok) return;
        expect(print(transform(r.value, (n) => ({ ...n })))).toBe(print(r.value));
      }),
      { numRuns: 200 },
    );
  });
});
