// Tokens of the expression language, each with the character offset where it
// starts (reported in configuration errors).

export enum TokenKind {
  Name = 0, // request.headers, true, false (dotted names are one token)
  String = 1,
  Number = 2,
  LeftParen = 3,
  RightParen = 4,
  LeftBracket = 5,
  RightBracket = 6,
  Equal = 7,
  NotEqual = 8,
  Less = 9,
  LessEqual = 10,
  Greater = 11,
  GreaterEqual = 12,
  And = 13,
  Or = 14,
  Not = 15,
  End = 16,
}

export class Token {
  constructor(
    public readonly kind: TokenKind,
    public readonly offset: i32,
    /** Name text, or the decoded string literal, or the number's source text. */
    public readonly text: string,
    public readonly number: f64,
  ) {}
}

/** How a token reads in an error message. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case TokenKind.Name: return "\"" + token.text + "\"";
    case TokenKind.String: return "a string";
    case TokenKind.Number: return token.text;
    case TokenKind.End: return "the end of the expression";
    default: return "\"" + token.text + "\"";
  }
}
