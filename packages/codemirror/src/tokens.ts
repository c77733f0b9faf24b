/**
 * Lexical tokens of qel for highlighting, following the token vocabulary of docs/language.md ("Syntax"): names,
 * keywords, numbers, durations, strings (also unterminated), operators and brackets. Any other character is an
 * `invalid` token of its own, so every non-space character is covered and a broken expression still highlights.
 */
export type TokenKind = "number" | "duration" | "string" | "keyword" | "name" | "operator" | "punctuation" | "invalid";

export interface Token {
  readonly from: number;
  readonly to: number;
  readonly kind: TokenKind;
}

const KEYWORDS = new Set(["true", "false", "null", "and", "or", "not"]);
const DIGITS = String.raw`\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const RULES: readonly [RegExp, TokenKind | null][] = [
  [/[ \t\n\r]+/y, null],
  [/[A-Za-z_][A-Za-z0-9_]*/y, "name"],
  [new RegExp(`${DIGITS}(?:ms|[smhdw])(?![A-Za-z0-9_])`, "y"), "duration"],
  [new RegExp(`${DIGITS}[A-Za-z_][A-Za-z0-9_]*`, "y"), "invalid"],
  [new RegExp(DIGITS, "y"), "number"],
  [/"(?:[^"\\\n\r]|\\[^\n\r]?)*"?|'(?:[^'\\\n\r]|\\[^\n\r]?)*'?/y, "string"],
  [/=>|===|!==|==|!=|<=|>=|&&|\|\||\?\?|\*\*|[<>?:*/%+\-!]/y, "operator"],
  [/[.,()[\]{}]/y, "punctuation"],
];

/** Splits `src` into tokens, skipping spaces. */
export function scanTokens(src: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  outer: while (pos < src.length) {
    for (const [re, kind] of RULES) {
      re.lastIndex = pos;
      const m = re.exec(src);
      if (m === null || m[0].length === 0) continue;
      const end = pos + m[0].length;
      if (kind !== null) out.push({ from: pos, to: end, kind: kind === "name" && KEYWORDS.has(m[0]) ? "keyword" : kind });
      pos = end;
      continue outer;
    }
    const width = src.codePointAt(pos)! > 0xffff ? 2 : 1;
    out.push({ from: pos, to: pos + width, kind: "invalid" });
    pos += width;
  }
  return out;
}
