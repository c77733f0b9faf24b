/**
 * qel as a CodeMirror language without a second grammar: the parser takes the services' `tokens()` (qel's own
 * lexer, already classified: a called name is a `function`, a name after `.` a `member`, a lambda's own name a
 * `parameter`) and builds a flat Lezer tree, one node per token, with highlight tags. Expressions are a few hundred
 * characters, so lexing the whole document on each change costs nothing noticeable.
 */
import { HighlightStyle, Language, LanguageSupport, defineLanguageFacet, languageDataProp, syntaxHighlighting } from "@codemirror/language";
import { NodeSet, NodeType, Parser, Tree, type Input, type PartialParse, type TreeFragment } from "@lezer/common";
import { styleTags, tags as t } from "@lezer/highlight";
import { tokens, type TokenKind } from "./services.js";

/** The tree's node names: the top node, one per token kind, and brackets apart from other punctuation. */
const NODE_NAMES = ["Expression", "Keyword", "Name", "Function", "Member", "Parameter", "Number", "Duration", "String", "Operator", "Punctuation", "Bracket", "Invalid"] as const;
type NodeName = (typeof NODE_NAMES)[number];
const ID = Object.fromEntries(NODE_NAMES.map((n, i) => [n, i])) as Record<NodeName, number>;

const NODE_OF: Readonly<Record<TokenKind, NodeName>> = {
  keyword: "Keyword",
  name: "Name",
  function: "Function",
  member: "Member",
  parameter: "Parameter",
  number: "Number",
  duration: "Duration",
  string: "String",
  operator: "Operator",
  punctuation: "Punctuation",
  invalid: "Invalid",
};

/** The language data every qel editor has (brackets closed automatically, including quotes). */
export const qelLanguageFacet = defineLanguageFacet({ closeBrackets: { brackets: ["(", "[", "{", '"', "'"] } });

const nodeSet = new NodeSet(
  NODE_NAMES.map((name, id) => NodeType.define({ id, name, top: id === 0, error: name === "Invalid", props: id === 0 ? [[languageDataProp, qelLanguageFacet]] : [] })),
).extend(
  styleTags({
    Keyword: t.keyword,
    Name: t.variableName,
    Function: t.function(t.variableName),
    Member: t.propertyName,
    Parameter: t.definition(t.variableName),
    Number: t.number,
    Duration: t.unit,
    String: t.string,
    Operator: t.operator,
    Punctuation: t.punctuation,
    Bracket: t.bracket,
    Invalid: t.invalid,
  }),
);

/** The flat tree of `text`. */
export function qelTree(text: string): Tree {
  const buffer: number[] = [];
  for (const tok of tokens(text)) {
    const node = tok.kind === "punctuation" && tok.to - tok.from === 1 && "()[]{}".includes(text[tok.from]!) ? "Bracket" : NODE_OF[tok.kind] ?? "Invalid";
    buffer.push(ID[node], tok.from, tok.to, 4);
  }
  return Tree.build({ buffer, nodeSet, topID: ID.Expression, length: text.length });
}

class QelParser extends Parser {
  createParse(input: Input, _fragments: readonly TreeFragment[], _ranges: readonly { from: number; to: number }[]): PartialParse {
    let stoppedAt: number | null = null;
    return {
      parsedPos: 0,
      get stoppedAt() {
        return stoppedAt;
      },
      stopAt(pos: number) {
        stoppedAt = pos;
      },
      advance(): Tree {
        return qelTree(input.read(0, input.length));
      },
    };
  }
}

/** The qel language: highlighting tags and language data, no grammar of its own. */
export const qelLanguage = new Language(qelLanguageFacet, new QelParser(), [], "qel");

/** Default colours for the highlight tags above; a host may use its own HighlightStyle instead. */
export const qelHighlightStyle = HighlightStyle.define([
  { tag: t.number, color: "#0b6e4f" },
  { tag: t.unit, color: "#0b6e4f", fontStyle: "italic" },
  { tag: t.string, color: "#a31515" },
  { tag: t.keyword, color: "#7a3e9d", fontWeight: "bold" },
  { tag: t.variableName, color: "#1f3a93" },
  { tag: t.propertyName, color: "#005f87" },
  { tag: t.definition(t.variableName), color: "#1f3a93", fontStyle: "italic" },
  { tag: t.function(t.variableName), color: "#795e26" },
  { tag: t.operator, color: "#444" },
  { tag: t.invalid, color: "#d00", textDecoration: "underline wavy" },
]);

/** The language with its default colours. */
export function qelLanguageSupport(): LanguageSupport {
  return new LanguageSupport(qelLanguage, [syntaxHighlighting(qelHighlightStyle)]);
}
