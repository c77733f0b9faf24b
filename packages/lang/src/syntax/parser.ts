import { CstParser, type CstNode, type IOrAlt, type IParserConfig, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import {
  allTokens,
  BinaryOperator,
  Arrow,
  Colon,
  Comma,
  Dot,
  DurationLiteral,
  False,
  Identifier,
  Key,
  LBrace,
  LBracket,
  LParen,
  Null,
  NumberLiteral,
  Power,
  Question,
  RBrace,
  RBracket,
  RParen,
  StringLiteral,
  True,
  UnaryOperator,
  Word,
} from "./tokens.js";

/**
 * What a recognition error was about, carried from chevrotain's message hooks to `syntax-errors.ts` as JSON in the
 * exception's message, so diagnostics are written from structure and never from chevrotain's stock text.
 */
export type ErrorFacts =
  | { readonly kind: "mismatch"; readonly expected: string; readonly rule: string }
  | { readonly kind: "noViableAlt"; readonly rule: string }
  | { readonly kind: "notAllInput" };

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) => JSON.stringify({ kind: "mismatch", expected: expected.name, rule: ruleName }),
  buildNotAllInputParsedMessage: () => JSON.stringify({ kind: "notAllInput" }),
  buildNoViableAltMessage: ({ ruleName }) => JSON.stringify({ kind: "noViableAlt", rule: ruleName }),
  buildEarlyExitMessage: ({ ruleName }) => JSON.stringify({ kind: "noViableAlt", rule: ruleName }),
};

/** Recognition errors after which the parser stops (one more than parse.ts reports). */
export const MAX_PARSE_ERRORS = 100;

/** Thrown out of the parser when it stops at MAX_PARSE_ERRORS; never a recognition error, so no rule recovers it. */
export class ParseStopped extends Error {
  override readonly name = "ParseStopped";
}

/**
 * The qel grammar (docs/language.md). Rules only; `to-ast.ts` builds the AST.
 *
 * The rules are shaped by stack depth. Each rule a nested bracket passes through costs several chevrotain frames,
 * which are large while the parser is still cold (interpreted). With one rule per precedence level (13 between
 * `expression` and `primary`) a fresh process overflowed the default Node stack at ~125 nested parentheses, below
 * the 256 levels the spec promises. So: the left-associative binary operators of every level are one operand list
 * in `expression`, grouped by the precedence table of `syntax-precedence.ts` (which the printer shares); lambda
 * heads and prefix operators are loops; lists and dicts are alternatives of `primary`. A nested `(`, `[`, `{` or
 * call passes three rules, and parsing is also three times faster.
 */
export class QelParser extends CstParser {
  constructor(config: Pick<IParserConfig, "skipValidations"> = {}) {
    super(allTokens as TokenType[], { recoveryEnabled: true, maxLookahead: 2, errorMessageProvider: messages, ...config });
    this.performSelfAnalysis();
    // Recovering from an error costs chevrotain a millisecond or more, so a source of thousands of errors took
    // minutes: the parse stops at the error after MAX_PARSE_ERRORS (parse.ts reports that more may follow).
    const self = this as unknown as { SAVE_ERROR(e: IRecognitionException): IRecognitionException; errors: IRecognitionException[] };
    const save = self.SAVE_ERROR.bind(this);
    self.SAVE_ERROR = (e) => {
      const saved = save(e);
      if ((this as unknown as { _errors: unknown[] })._errors.length > MAX_PARSE_ERRORS) throw new ParseStopped();
      return saved;
    };
  }

  /**
   * `lambdaHead* unaryExpr (BinaryOperator unaryExpr)* ('?' expression ':' expression)?`. Lambda heads (`r =>`,
   * `(a, b) =>`) come first, so a lambda body extends as far right as possible; the operands and operators are
   * grouped by precedence in to-ast (all left-associative); the conditional is right-associative through its
   * alternate and looser than every binary operator.
   */
  expression = this.RULE("expression", () => {
    this.MANY({ GATE: () => this.lambdaAhead(), DEF: () => this.SUBRULE(this.lambdaHead, { LABEL: "lambdas" }) });
    this.SUBRULE(this.unaryExpr, { LABEL: "operands" });
    this.MANY2(() => {
      this.CONSUME(BinaryOperator, { LABEL: "operators" });
      this.SUBRULE2(this.unaryExpr, { LABEL: "operands" });
    });
    this.OPTION(() => {
      this.CONSUME(Question);
      this.SUBRULE(this.expression, { LABEL: "consequent" });
      this.CONSUME(Colon);
      this.SUBRULE2(this.expression, { LABEL: "alternate" });
    });
  });

  /** `r =>`, `(r) =>`, `(a, b) =>`, `() =>`; entered only when `lambdaAhead` has seen the whole head. */
  lambdaHead = this.RULE("lambdaHead", () => {
    this.OR((this.#lambdaHeadAlts ??= [
      { ALT: () => this.CONSUME(Identifier, { LABEL: "params" }) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.OPTION(() => {
            this.CONSUME2(Identifier, { LABEL: "params" });
            this.MANY(() => {
              this.CONSUME(Comma);
              this.CONSUME3(Identifier, { LABEL: "params" });
            });
            this.OPTION2(() => this.CONSUME2(Comma));
          });
          this.CONSUME(RParen);
        },
      },
    ]));
    this.CONSUME(Arrow);
  });

  /**
   * `-`/`!`/`not` prefixes, then a primary with its postfix chain, then optionally `**` and another unaryExpr: prefixes
   * are looser than `**` (`-2 ** 2` is `-(2 ** 2)`), `**` is right-associative and takes a prefix on its right
   * (`2 ** -1`).
   */
  unaryExpr = this.RULE("unaryExpr", () => {
    this.MANY(() => this.CONSUME(UnaryOperator, { LABEL: "operators" }));
    this.SUBRULE(this.primary, { LABEL: "base" });
    this.MANY2(() => this.SUBRULE(this.postfix, { LABEL: "postfixes" }));
    this.OPTION(() => {
      this.CONSUME(Power);
      this.SUBRULE(this.unaryExpr, { LABEL: "exponent" });
    });
  });

  /** One step of a chain, so the order of `.name`, `[index]` and `(args)` survives in the CST. */
  postfix = this.RULE("postfix", () => {
    this.OR((this.#postfixAlts ??= [
      {
        ALT: () => {
          this.CONSUME(Dot);
          this.CONSUME(Word, { LABEL: "name" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(LBracket);
          this.SUBRULE(this.expression, { LABEL: "index" });
          this.CONSUME(RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.OPTION(() => {
            this.SUBRULE2(this.expression, { LABEL: "args" });
            this.MANY(() => {
              this.CONSUME(Comma);
              this.SUBRULE3(this.expression, { LABEL: "args" });
            });
            this.OPTION2(() => this.CONSUME2(Comma));
          });
          this.CONSUME(RParen);
        },
      },
    ]));
  });

  /** A literal, a name, `(expression)`, a list or a dict (keys are words, keywords included, or strings). */
  primary = this.RULE("primary", () => {
    this.OR((this.#primaryAlts ??= [
      { ALT: () => this.CONSUME(NumberLiteral, { LABEL: "number" }) },
      { ALT: () => this.CONSUME(DurationLiteral, { LABEL: "duration" }) },
      { ALT: () => this.CONSUME(StringLiteral, { LABEL: "string" }) },
      { ALT: () => this.CONSUME(True, { LABEL: "true" }) },
      { ALT: () => this.CONSUME(False, { LABEL: "false" }) },
      { ALT: () => this.CONSUME(Null, { LABEL: "null" }) },
      { ALT: () => this.CONSUME(Identifier, { LABEL: "name" }) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.expression, { LABEL: "inner" });
          this.CONSUME(RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(LBracket);
          this.OPTION(() => {
            this.SUBRULE2(this.expression, { LABEL: "items" });
            this.MANY(() => {
              this.CONSUME(Comma);
              this.SUBRULE3(this.expression, { LABEL: "items" });
            });
            this.OPTION2(() => this.CONSUME2(Comma));
          });
          this.CONSUME(RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(LBrace);
          this.OPTION3(() => {
            this.CONSUME(Key, { LABEL: "keys" });
            this.CONSUME(Colon);
            this.SUBRULE4(this.expression, { LABEL: "values" });
            this.MANY2(() => {
              this.CONSUME3(Comma);
              this.CONSUME2(Key, { LABEL: "keys" });
              this.CONSUME2(Colon);
              this.SUBRULE5(this.expression, { LABEL: "values" });
            });
            this.OPTION4(() => this.CONSUME4(Comma));
          });
          this.CONSUME(RBrace);
        },
      },
    ]));
  });

  // Each rule's alternatives, built on its first call (chevrotain's advice: an `OR` given a new array of new
  // closures at every call spends most of a parse allocating them).
  #lambdaHeadAlts: IOrAlt<unknown>[] | undefined;
  #postfixAlts: IOrAlt<unknown>[] | undefined;
  #primaryAlts: IOrAlt<unknown>[] | undefined;

  /**
   * The lambda gate: `name =>`, or `(` names `)` `=>`. Scans only a parameter list, so it costs a few token
   * comparisons and needs no backtracking.
   */
  private lambdaAhead(): boolean {
    const first = this.LA(1).tokenType;
    if (first === Identifier) return this.LA(2).tokenType === Arrow;
    if (first !== LParen) return false;
    let i = 2;
    for (;;) {
      const t = this.LA(i).tokenType;
      if (t === RParen) return this.LA(i + 1).tokenType === Arrow;
      if (t !== Identifier) return false;
      const sep = this.LA(i + 1).tokenType;
      if (sep === RParen) return this.LA(i + 2).tokenType === Arrow;
      if (sep !== Comma) return false;
      i += 2;
    }
  }
}

let shared: QelParser | undefined;

/**
 * The one instance `parse` falls back to (grammar validations run in test/grammar.test.ts instead), built on first
 * use: a valid expression is read by fast-parse.ts, so most processes never pay for chevrotain's self-analysis.
 */
export function sharedParser(): QelParser {
  return (shared ??= new QelParser({ skipValidations: true }));
}

/** Whether {@link sharedParser} has been built in this process. */
export function parserBuilt(): boolean {
  return shared !== undefined;
}

/** What {@link parseCst} returns: the CST (none when the parser stopped at MAX_PARSE_ERRORS) and every recognition error. */
export interface ParsedCst {
  readonly cst: CstNode | undefined;
  readonly errors: readonly IRecognitionException[];
}

/** Runs the recovering parser over `tokens`; throws only what is not a recognition error (a stack overflow, a bug). */
export function parseCst(tokens: IToken[]): ParsedCst {
  const parser = sharedParser();
  parser.input = tokens;
  // chevrotain's error recovery throws and catches an Error per recovery; their stack traces are never read and
  // were most of the time spent parsing an unfinished expression (what an editor asks about at every keystroke)
  const errorClass = Error as { stackTraceLimit?: number | undefined };
  const stackTraceLimit = errorClass.stackTraceLimit;
  let cst: CstNode | undefined;
  try {
    errorClass.stackTraceLimit = 0;
    cst = parser.expression();
  } catch (e) {
    if (!(e instanceof ParseStopped)) throw e;
  } finally {
    errorClass.stackTraceLimit = stackTraceLimit;
  }
  return { cst, errors: parser.errors };
}
