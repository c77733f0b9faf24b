/**
 * The op reference in markdown, rendered from the op declarations: docs/ops.md is this text for the standard
 * ops (scripts/gen-ops-doc.ts writes it, and a test fails when the file is stale).
 */
import type { OpCategory, OpDef, OpExample } from "./define.js";
import { printSignature } from "./signature.js";
import { printType, union, type Type } from "./types.js";

/** Reference section titles, in reference order. */
export const CATEGORY_TITLES: Readonly<Record<OpCategory, string>> = {
  run: "Runs", artifact: "Artifact versions", user: "Users", list: "Lists", aggregate: "Aggregations", dict: "Dicts",
  number: "Numbers", string: "Strings", boolean: "Booleans", null: "Nulls", kind: "Kinds", date: "Dates", duration: "Durations",
  operator: "Operators",
};

const INTRO = `# qel op reference

<!-- Generated from the op registry by scripts/gen-ops-doc.ts; edit the op declarations in packages/ops/src instead. -->

Every op can be called three ways: \`f(a, b)\`, as a method \`a.f(b)\`, and, when it takes one argument, as a
property \`a.f\` (on a dict, \`d.name\` looks up a key instead, so dict ops need parentheses: \`d.keys()\`). An
op whose first parameter is not a list, applied to a list, maps over it: \`runs.name\` is the list of run names.

Unless an op says it handles null, a null first argument (or a null where it expects a number, string, boolean,
date or duration) makes its result null without running it. Type variables: \`T\`, \`U\` and \`K\` stand for
any type and are the same type wherever they appear in one signature; \`p?\` marks an optional parameter.

**Examples** run over the documentation dataset: eight runs of an image-classification project (run-01 …
run-08; three users; train, eval and sweep jobs; one crashed run with a NaN loss, one run with no user, job type
or metrics), with \`now()\` fixed at 2026-03-11T00:00:00Z. Results are shown as \`qel eval --json\` prints them:
dates as ISO-8601 strings in UTC, durations as \`{"duration_ms": n}\`, NaN and ±Infinity as the strings
\`"NaN"\`, \`"Infinity"\` and \`"-Infinity"\`, a group as \`{"key": k, "items": […]}\`, runs, users and artifact
versions as their objects in the runs format.
`;

/** One line per overload: `round(x: number, digits?: number) → number`. */
export function renderSignatures(op: OpDef): readonly string[] {
  return op.overloads.map((o) => printSignature(op, o));
}

/** The type at parameter position `i` across the overloads (the union of what each accepts). */
function paramType(op: OpDef, i: number): Type | undefined {
  const ts = op.overloads.flatMap((o) => (o.params[i] === undefined ? [] : [o.params[i]]));
  return ts.length === 0 ? undefined : union(...ts);
}

/** Examples in order; consecutive ones with the same title share one heading. */
function renderExamples(examples: readonly OpExample[]): string[] {
  const out: string[] = [];
  examples.forEach((ex, i) => {
    if (i === 0 || ex.title !== examples[i - 1]!.title) out.push(`**Example${ex.title !== undefined ? `: ${ex.title}` : ""}**`);
    out.push(`\`\`\`qel\n${ex.expr}\n\`\`\``);
    if (ex.result !== undefined) out.push(`→ \`${JSON.stringify(ex.result)}\``);
  });
  return out;
}

function anchor(name: string): string {
  return `#${name.toLowerCase()}`;
}

/** The markdown section of one op: signatures, names, meaning, parameters, examples. */
export function renderOpMarkdown(op: OpDef): string {
  const out: string[] = [`### ${op.name}`, "```\n" + renderSignatures(op).join("\n") + "\n```", op.doc.summary];
  if (op.doc.details !== undefined) out.push(op.doc.details);
  const names: string[] = [];
  if (op.operator !== undefined) names.push(`Operator: \`${op.operator === "neg" ? "-a" : op.operator === "[]" ? "a[b]" : op.operator === "!" ? "!a" : `a ${op.operator} b`}\`.`);
  if (op.alias !== undefined) names.push(`Alias: \`${op.alias}\` (\`x.${op.alias}\`).`);
  if (op.aliases !== undefined && op.aliases.length > 0) names.push(`Also spelled: ${op.aliases.map((a) => `\`${a}\``).join(", ")}.`);
  if (op.deprecated !== undefined && op.deprecated.length > 0) names.push(`Deprecated names: ${op.deprecated.map((a) => `\`${a}\``).join(", ")}.`);
  if (op.handlesNull) names.push("Handles null arguments itself.");
  if (names.length > 0) out.push(names.join(" "));
  const params = op.doc.params ?? [];
  if (params.length > 0) {
    const rows = params.map((p, i) => {
      const t = paramType(op, i);
      return `| ${p.name} | ${t === undefined ? "" : `\`${printType(t).replace(/\|/g, "\\|")}\``} | ${p.doc.replace(/\|/g, "\\|")} |`;
    });
    out.push(["**Parameters**", "", "| Name | Type | Description |", "|---|---|---|", ...rows].join("\n"));
  }
  if (op.doc.returns !== undefined) out.push(`**Returns** ${op.doc.returns.replace(/\|/g, "\\|")}`);
  out.push(...renderExamples(op.doc.examples));
  if (op.doc.seeAlso !== undefined && op.doc.seeAlso.length > 0) {
    out.push(`See also: ${op.doc.seeAlso.map((n) => `[${n}](${anchor(n)})`).join(", ")}.`);
  }
  return out.join("\n\n");
}

/**
 * The whole reference: an introduction, a table of contents, then one section per category (in
 * `CATEGORY_TITLES` order) with the ops in the order given. Deterministic; ends with one newline.
 */
export function renderOpsReference(ops: readonly OpDef[]): string {
  const categories = (Object.keys(CATEGORY_TITLES) as OpCategory[]).filter((c) => ops.some((op) => op.category === c));
  const toc = categories.map((c) => {
    const names = ops.filter((op) => op.category === c).map((op) => `[${op.name}](${anchor(op.name)})`);
    return `- **${CATEGORY_TITLES[c]}**: ${names.join(" · ")}`;
  });
  const sections = categories.map((c) => [`## ${CATEGORY_TITLES[c]}`, ...ops.filter((op) => op.category === c).map(renderOpMarkdown)].join("\n\n"));
  return [INTRO.trimEnd(), "## Contents", toc.join("\n"), ...sections].join("\n\n") + "\n";
}
