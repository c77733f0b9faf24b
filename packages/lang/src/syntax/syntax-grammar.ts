import { createSyntaxDiagramsCode, generateCstDts, Lexer, type ISerializedGast, type TokenType } from "chevrotain";
import type { BinaryOp } from "./ast.js";
import { sharedParser } from "./parser.js";
import { binaryPrecedence } from "./syntax-precedence.js";
import { allTokens, BinaryOperator, Key, UnaryOperator, WhiteSpace, Word } from "./tokens.js";

// Renders the artifacts under grammar/ and cst.generated.ts from the live parser. scripts/gen-grammar.ts writes
// them; test/grammar.test.ts renders them again and fails when the files drift.

type Gast = ISerializedGast & { readonly definition?: Gast[]; readonly label?: string; readonly separator?: Gast; readonly name?: string };

function atom(node: Gast): string {
  switch (node.type) {
    case "Terminal":
      return node.label !== undefined && node.label.startsWith("'") ? node.label : (node.name ?? "?");
    case "NonTerminal":
      return node.name ?? "?";
    case "Alternation":
      return `( ${(node.definition ?? []).map((alt) => sequence(alt.definition ?? [])).join(" | ")} )`;
    case "Option":
      return `${group(node.definition ?? [])}?`;
    case "Repetition":
      return `${group(node.definition ?? [])}*`;
    case "RepetitionMandatory":
      return `${group(node.definition ?? [])}+`;
    case "RepetitionWithSeparator":
    case "RepetitionMandatoryWithSeparator": {
      const item = sequence(node.definition ?? []);
      const sep = node.separator !== undefined ? atom(node.separator) : "','";
      return `( ${item} ( ${sep} ${item} )* )${node.type === "RepetitionWithSeparator" ? "?" : ""}`;
    }
    default:
      return sequence(node.definition ?? []);
  }
}

function group(items: Gast[]): string {
  const only = items.length === 1 ? items[0] : undefined;
  if (only !== undefined && (only.type === "Terminal" || only.type === "NonTerminal")) return atom(only);
  return `( ${sequence(items)} )`;
}

function sequence(items: Gast[]): string {
  return items.map(atom).join(" ");
}

function rule(node: Gast): string {
  const body = node.definition ?? [];
  const only = body.length === 1 ? body[0] : undefined;
  if (only !== undefined && only.type === "Alternation") {
    const alts = (only.definition ?? []).map((alt) => sequence(alt.definition ?? []));
    return `${node.name ?? "?"} ::= ${alts.join("\n  | ")}`;
  }
  return `${node.name ?? "?"} ::= ${sequence(body)}`;
}

function members(category: TokenType): string {
  return allTokens
    .filter((tok) => tok.CATEGORIES?.includes(category) === true)
    .map((tok) => (typeof tok.PATTERN === "string" ? `'${tok.PATTERN}'` : tok.name))
    .join(" | ");
}

function precedenceTable(): string {
  const levels = new Map<number, BinaryOp[]>();
  for (const [op, prec] of Object.entries(binaryPrecedence) as [BinaryOp, number][]) {
    if (op !== "**") levels.set(prec, [...(levels.get(prec) ?? []), op]);
  }
  const rows = [...levels].sort((a, b) => a[0] - b[0]).map(([, ops]) => `     ${ops.join(" ")}`);
  return [
    "/* expression groups its operands by the precedence of the BinaryOperators between them, loosest first;",
    "   all of these are left-associative.",
    "   `===` is `==`, `!==` is `!=`, `and` is `&&`, `or` is `||`. Looser than all of them: lambdas, then `? :`.",
    ...rows,
    "   Tighter: the prefix operators `-` `!` `not`, then `**` (right-associative; a prefix may follow it), then",
    "   the postfix chain `.name` `[index]` `(args)`. */",
  ].join("\n");
}

/** `grammar/qel.ebnf`: the syntax rules, the precedence table and the lexical rules, in W3C-style EBNF. */
export function renderEbnf(): string {
  const rules = (sharedParser().getSerializedGastProductions() as Gast[]).map(rule);
  const lexical = allTokens
    .filter((tok) => tok.PATTERN instanceof RegExp && tok.PATTERN !== Lexer.NA)
    .map((tok) => `${tok.name} ::= /${(tok.PATTERN as RegExp).source}/${tok === WhiteSpace ? "  /* skipped */" : ""}`);
  return [
    "/* qel syntax, generated from packages/lang/src/syntax/parser.ts by scripts/gen-grammar.ts: do not edit. */",
    "",
    ...rules.flatMap((r) => [r, ""]),
    precedenceTable(),
    "",
    "/* Tokens. Keywords never swallow a longer name (`trueish` is an Identifier); a number directly followed by",
    "   letters that are not a duration unit is a MalformedNumber, reported as invalid_number. A StringLiteral",
    "   may hold only the escapes \\n \\t \\r \\b \\f \\/ \\\\ \\\" \\' \\uXXXX and must close on its line; the",
    "   pattern accepts more so parsing goes on, and reports invalid_escape or unterminated_string. */",
    ...lexical,
    `Word ::= ${members(Word)}`,
    `Key ::= ${members(Key)}`,
    `BinaryOperator ::= ${members(BinaryOperator)}`,
    `UnaryOperator ::= ${members(UnaryOperator)}`,
    "",
  ].join("\n");
}

/** `grammar/diagrams.html`: chevrotain's railroad diagrams of the same grammar. */
export function renderDiagrams(): string {
  return createSyntaxDiagramsCode(sharedParser().getSerializedGastProductions());
}

/** `packages/lang/src/syntax/cst.generated.ts`: the CST node types of the grammar. */
export function renderCstDts(): string {
  const header = "// Generated from parser.ts by scripts/gen-grammar.ts: do not edit. test/grammar.test.ts fails when it drifts.\n";
  return header + generateCstDts(sharedParser().getGAstProductions(), { visitorInterfaceName: "QelCstVisitor" });
}
