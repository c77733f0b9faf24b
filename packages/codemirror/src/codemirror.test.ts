/**
 * @qel/codemirror without a DOM: the language tree that drives highlighting, the completion source through
 * CodeMirror's own CompletionContext and its apply step, the lint diagnostics with their fix actions, and the
 * format command (what the browser tests then see in the page). The services themselves are @qel/lang's and are
 * tested there; these tests check that the adapter passes their answers on unchanged.
 */
import { CompletionContext, type Completion, type CompletionResult } from "@codemirror/autocomplete";
import { EditorState, type TransactionSpec } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { T, complete, diagnose, inferSchema, standardRegistry, tokens } from "@qel/lang";
import { describe, expect, it } from "vitest";
import { formatCommand, qel, qelCompletionSource, qelDiagnostics, qelLanguage, qelTree } from "./index.js";

/** Enough of an EditorView for commands and apply functions: dispatch updates `state`. */
function fakeView(state: EditorState): EditorView & { state: EditorState } {
  const view = {
    state,
    dispatch(spec: TransactionSpec) {
      view.state = view.state.update(spec).state;
    },
  };
  return view as unknown as EditorView & { state: EditorState };
}

async function completeAt(doc: string, pos = doc.length, explicit = false, env = {}): Promise<{ result: CompletionResult | null; state: EditorState }> {
  const state = EditorState.create({ doc, selection: { anchor: pos }, extensions: [qel({ env })] });
  const source = state.languageDataAt<typeof qelCompletionSource>("autocomplete", pos)[0]!;
  return { result: (await source(new CompletionContext(state, pos, explicit))) as CompletionResult | null, state };
}

function accept(state: EditorState, result: CompletionResult, option: Completion): EditorState {
  const view = fakeView(state);
  (option.apply as (v: EditorView, c: Completion, from: number, to: number) => void)(view, option, result.from, result.to ?? state.selection.main.head);
  return view.state;
}

describe("the language tree", () => {
  it("has one node per token of the services' lexer, named after its kind", () => {
    const src = 'runs.filter(r => r.name == "a")';
    const names: string[] = [];
    const spans: [number, number][] = [];
    qelTree(src).iterate({
      enter: (n) => {
        if (n.type.isTop) return;
        names.push(n.name);
        spans.push([n.from, n.to]);
      },
    });
    expect(names).toEqual(["Name", "Punctuation", "Function", "Bracket", "Parameter", "Operator", "Name", "Punctuation", "Member", "Operator", "String", "Bracket"]);
    expect(spans).toEqual(tokens(src).map((t) => [t.from, t.to]));
  });

  it("marks what the lexer does not know as invalid, and covers broken input", () => {
    const src = 'a ¤ b.filter(x => "open';
    const names: string[] = [];
    qelTree(src).iterate({ enter: (n) => void (n.type.isTop ? undefined : names.push(n.name)) });
    expect(names).toEqual(tokens(src).map((t) => (t.kind === "punctuation" && /[()[\]{}]/.test(src.slice(t.from, t.to)) ? "Bracket" : t.kind[0]!.toUpperCase() + t.kind.slice(1))));
    expect(names).toContain("Invalid");
  });
});

describe("completion", () => {
  it("offers the services' items in their order over their range, from the schema in the state field", async () => {
    const schema = inferSchema([]);
    const doc = "runs.filter(r => r.job";
    const { result } = await completeAt(doc, doc.length, false, { schema, registry: standardRegistry });
    const expected = complete(doc, doc.length, { schema });
    expect(result!.from).toBe(expected.from);
    expect(result!.options.map((o) => o.label)).toEqual(expected.items.map((i) => i.label));
    expect(result!.options[0]?.label).toBe("jobType");
    const boosts = result!.options.map((o) => o.boost ?? 0);
    expect(boosts).toEqual([...boosts].sort((a, b) => b - a));
  });

  it("opens by itself only where something is being written; Ctrl-Space opens it anywhere", async () => {
    expect((await completeAt("runs.count + ")).result).toBeNull();
    expect((await completeAt("runs.count + ", 13, true)).result).not.toBeNull();
    expect((await completeAt("runs.")).result?.options.length).toBeGreaterThan(0);
    expect((await completeAt("12")).result).toBeNull();
  });

  it("inserts the item's text and puts the caret where the services say", async () => {
    const { result, state } = await completeAt("runs.filt");
    const filter = result!.options.find((o) => o.label === "filter")!;
    const item = complete("runs.filt", 9).items.find((i) => i.label === "filter")!;
    const after = accept(state, result!, filter);
    expect(after.doc.toString()).toBe(`runs.${item.insert}`);
    expect(after.selection.main.head).toBe(5 + (item.caret ?? item.insert.length));
  });

  it("replaces the dot too where a key that is not a name is written with brackets", async () => {
    const schema = { config: new Map(), summary: new Map([["val/acc", T.Number]]), history: new Map() };
    const doc = "runs[0].summary.va";
    const { result, state } = await completeAt(doc, doc.length, false, { schema });
    const option = result!.options.find((o) => o.label === `["val/acc"]`)!;
    expect(accept(state, result!, option).doc.toString()).toBe('runs[0].summary["val/acc"]');
  });
});

describe("lint", () => {
  it("passes every diagnostic on, with the hint in the message and each quick fix as an action", () => {
    const doc = 'runs.filter(r => r.jobTyp == "train")';
    const state = EditorState.create({ doc, extensions: [qel()] });
    const marks = qelDiagnostics(state);
    const expected = diagnose(doc);
    expect(marks.map((m) => [m.from, m.to, m.severity, m.source])).toEqual(expected.map((d) => [d.from, d.to, d.severity, d.code]));
    expect(marks[0]!.message).toContain("did you mean");
    const fix = marks[0]!.actions!.find((a) => a.name === "Replace with 'jobType'")!;
    const view = fakeView(state);
    fix.apply(view, marks[0]!.from, marks[0]!.to);
    expect(view.state.doc.toString()).toBe('runs.filter(r => r.jobType == "train")');
    expect(qelDiagnostics(view.state)).toEqual([]);
  });

  it("shows nothing for an empty editor, and a visible mark for an unfinished end", () => {
    expect(qelDiagnostics(EditorState.create({ doc: "  ", extensions: [qel()] }))).toEqual([]);
    const [end] = qelDiagnostics(EditorState.create({ doc: "1 +", extensions: [qel()] }));
    expect(end?.source).toBe("unexpected_end");
    expect(end!.to).toBeGreaterThan(end!.from);
  });
});

describe("format", () => {
  it("replaces the document by its canonical form, and leaves what does not parse alone", () => {
    const view = fakeView(EditorState.create({ doc: "runs .filter( r=>r.state=='x' )", extensions: [qelLanguage] }));
    expect(formatCommand(view)).toBe(true);
    expect(view.state.doc.toString()).toBe('runs.filter(r => r.state == "x")');
    const broken = fakeView(EditorState.create({ doc: "runs.filter(" }));
    expect(formatCommand(broken)).toBe(false);
    expect(broken.state.doc.toString()).toBe("runs.filter(");
  });
});
