// Why an expression was refused: a stable code, the character offset in the
// expression and the reason. The configuration reader prefixes the field path.

export namespace ExpressionErrorCode {
  /** The text does not follow the grammar. */
  export const SYNTAX = "E_EXPR_SYNTAX";
  /** An attribute the catalogue does not know. */
  export const UNKNOWN_ATTRIBUTE = "E_EXPR_UNKNOWN_ATTRIBUTE";
  /** Operands of the wrong type (e.g. a string compared with a number). */
  export const TYPE = "E_EXPR_TYPE";
  /** Longer or deeper than the limits. */
  export const TOO_COMPLEX = "E_EXPR_TOO_COMPLEX";
}

export class ExpressionError {
  constructor(
    public readonly code: string,
    public readonly offset: i32,
    public readonly reason: string,
  ) {}

  /** `E_EXPR_SYNTAX at offset 12: expected ")" but found the end of the expression`. */
  toString(): string {
    return this.code + " at offset " + this.offset.toString() + ": " + this.reason;
  }
}
