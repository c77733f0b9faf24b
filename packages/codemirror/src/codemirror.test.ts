/**
 * @qel/codemirror without a DOM: the services adapter, the language tree that drives highlighting, and the
 * completion source through CodeMirror's own CompletionContext (what the browser tests then see in the popup).
 */
import { CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { T, inferSchema, standardRegistry } from "@qel/lang";
import { describe, expect, it } from "vitest";
import { qel, qelCompletionSource, qelLanguage, qelTree, services } from "./index.js";

describe("services", () => {
  it("completes with the range of the whole name around the cursor", () => {
    const src = "runs.filter(r => r.jobTy)";
    const at = src.indexOf("jobTy") + 3;
    const list = services.complete(src, at, {});
    expect(list.items[0]?.label).toBe("jobType");
    expect(src.slice(list.from, list.to)).toBe("jobTy");
  });

  it("completes inside quotes from the quote on", () => {
    const schema = { config: new Map([["learning_rate", T.Number]]), summary: new Map(), history: new Map() };
    const src = 'runs[0].config["lea';
    const list = services.complete(src, src.length, { schema });
    expect(list.items.map((i) => i.label)).toContain("learning_rate");
    expect(src.slice(list.from, list.to)).toBe("lea");
  });

  it("turns a did-you-mean into a replacement fix on the misspelt name", () => {
    const src = 'runs.filter(r => r.jobTyp == "train")';
    const [d] = services.diagnose(src, {});
    expect(d).toMatchObject({ severity: "error", code: "unknown_field" });
    expect(src.slice(d!.from, d!.to)).toBe("jobTyp");
    expect(d!.fixes).toEqual([{ title: "Replace with 'jobType'", edits: [{ from: d!.from, to: d!.to, insert: "jobType" }] }]);
  });

  it("reports nothing for an empty document and offers no fix without a certain replacement", () => {
    expect(services.diagnose("   ", {})).toEqual([]);
    const [d] = services.diagnose("1 +", {});
    expect(d?.code).toBe("unexpected_end");
    expect(d?.fixes).toEqual([]);
  });

  it("hovers with the innermost node's type and an op's signature", () => {
    const src = 'runs.filter(r => r.jobType == "train")';
    const h = services.hover(src, src.indexOf("jobType") + 2, {});
    expect(h?.type).toMatch(/^string/);
    expect(h?.op).toMatch(/^runJobType\(/);
    expect(services.hover("runs.count", 1, {})?.type).toBe("list<Run>");
  });

  it("gives signature help with the active parameter, counting the receiver of a method call", () => {
    const src = "runs.sort(r => r.name, ";
    const s = services.signatureHelp(src, src.length, {});
    expect(s?.label).toMatch(/^sort\(/);
    expect(s?.active).toBe(1);
    expect(s?.params[s.active]).toBeDefined();
    expect(services.signatureHelp("runs.count", 10, {})).toBeNull();
    expect(services.signatureHelp("[1, (2", 6, {})).toBeNull();
  });

  it("formats canonically and refuses what does not parse", () => {
    expect(services.format("runs .filter( r=>r.state=='x' )")).toBe('runs.filter(r => r.state == "x")');
    expect(services.format("runs.filter(")).toBeNull();
  });

  it("tokens cover every non-space character, also of broken input", () => {
    for (const src of ['runs.filter(r => r.x == "a', "1.5h + 3x ** 2 ?? null", "a ¤ b", "{\"k\": [1, 2]}.k"]) {
      const toks = services.tokens(src);
      const covered = new Set(toks.flatMap((t) => Array.from({ length: t.to - t.from }, (_, i) => t.from + i)));
      for (let i = 0; i < src.length; i++) if (!/\s/.test(src[i]!)) expect(covered.has(i), `${src}@${i}`).toBe(true);
    }
    expect(services.tokens("true and x").map((t) => t.kind)).toEqual(["keyword", "keyword", "name"]);
  });
});

describe("the CodeMirror layer", () => {
  it("builds a tree whose nodes tell members, calls and variables apart", () => {
    const tree = qelTree('runs.filter(r => r.name == "a")');
    const names: string[] = [];
    tree.iterate({ enter: (n) => void (n.type.isTop ? undefined : names.push(n.name)) });
    expect(names).toEqual(["Variable", "Punctuation", "MemberCall", "Bracket", "Variable", "Operator", "Variable", "Punctuation", "Member", "Operator", "String", "Bracket"]);
  });

  it("completes through the language data, from the schema in the state field", async () => {
    const schema = inferSchema([]);
    const state = EditorState.create({ doc: "runs.filter(r => r.job", extensions: [qel({ env: { schema, registry: standardRegistry } })] });
    const source = state.languageDataAt<typeof qelCompletionSource>("autocomplete", state.doc.length)[0]!;
    const result = (await source(new CompletionContext(state, state.doc.length, false))) as CompletionResult;
    expect(result.from).toBe(state.doc.length - 3);
    expect(result.options[0]?.label).toBe("jobType");
    // Between tokens with nothing typed, only Ctrl-Space opens the list.
    const after = EditorState.create({ doc: "runs.count + ", extensions: [qelLanguage] });
    expect(await qelCompletionSource(new CompletionContext(after, after.doc.length, false))).toBeNull();
    expect(await qelCompletionSource(new CompletionContext(after, after.doc.length, true))).not.toBeNull();
  });
});
