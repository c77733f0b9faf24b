/**
 * qel as a CodeMirror language without a second grammar: the parser lexes the whole document with the services'
 * `tokens()` and builds a flat Lezer tree, one node per token, with highlight tags. A name right after `.` is a
 * member and one right before `(` a call, so ops, keys and variables get different colours. Expressions are a few
 * hundred characters, so re-lexing on each change costs nothing noticeable.
 */
import { HighlightStyle, Language, LanguageSupport, defineLanguageFacet, languageDataProp, syntaxHighlighting } from "@codemirror/language";
import { NodeSet, NodeType, Parser, Tree, type Input, type PartialParse, type TreeFragment } from "@lezer/common";
import { styleTags, tags as t } from "@lezer/highlight";
import { tokens } from "./services.js";

const NODE_NAMES = ["Expression", "Number", "Duration", "String", "Keyword", "Variable", "Member", "Call", "MemberCall", "Operator", "Punctuation", "Bracket", "Invalid"] as const;
type NodeName = (typeof NODE_NAMES)[number];
const ID = Object.fromEntries(NODE_NAMES.map((n, i) => [n, i])) as Record<NodeName, number>;

/** The language data every qel editor has (brackets closed automatically, including quotes). */
export const qelLanguageFacet = defineLanguageFacet({ closeBrackets: { brackets: ["(", "[", "{", '"', "'"] } });

const nodeSet = new NodeSet(
  NODE_NAMES.map((name, id) => NodeType.define({ id, name, top: id === 0, error: name === "Invalid", props: id === 0 ? [[languageDataProp, qelLanguageFacet]] : [] })),
).extend(
  styleTags({
    Number: t.number,
    Duration: t.unit,
    String: t.string,
    Keyword: t.keyword,
    Variable: t.variableName,
    Member: t.propertyName,
    Call: t.function(t.variableName),
    MemberCall: t.function(t.propertyName),
    Operator: t.operator,
    Punctuation: t.punctuation,
    Bracket: t.bracket,
    Invalid: t.invalid,
  }),
);

/** The flat tree of `text`. */
export function qelTree(text: string): Tree {
  const toks = tokens(text);
  const buffer: number[] = [];
  toks.forEach((tok, i) => {
    const src = text.slice(tok.from, tok.to);
    let id: number;
    switch (tok.kind) {
      case "name": {
        const prev = toks[i - 1];
        const afterDot = prev !== undefined && text.slice(prev.from, prev.to) === ".";
        const next = toks[i + 1];
        const call = next !== undefined && text.slice(next.from, next.to) === "(";
        id = afterDot ? (call ? ID.MemberCall : ID.Member) : call ? ID.Call : ID.Variable;
        break;
      }
      case "number": id = ID.Number; break;
      case "duration": id = ID.Duration; break;
      case "string": id = ID.String; break;
      case "keyword": id = ID.Keyword; break;
      case "operator": id = ID.Operator; break;
      case "punctuation": id = /[()[\]{}]/.test(src) ? ID.Bracket : ID.Punctuation; break;
      default: id = ID.Invalid;
    }
    buffer.push(id, tok.from, tok.to, 4);
  });
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
  { tag: t.function(t.variableName), color: "#795e26" },
  { tag: t.function(t.propertyName), color: "#795e26" },
  { tag: t.operator, color: "#444" },
  { tag: t.invalid, color: "#d00", textDecoration: "underline wavy" },
]);

/** The language with its default colours. */
export function qelLanguageSupport(): LanguageSupport {
  return new LanguageSupport(qelLanguage, [syntaxHighlighting(qelHighlightStyle)]);
}
