// Compiles expression text into a typed tree (./nodes), once, at configure
// time. Grammar, loosest first:
//
//   or         := and ("||" and)*
//   and        := not ("&&" not)*
//   not        := "!" not | comparison
//   comparison := primary (("==" | "!=" | "<" | "<=" | ">" | ">=") primary)?
//   primary    := string | number | "true" | "false" | "(" or ")"
//               | attribute ("[" string "]")?
//
// `!` binds looser than comparisons (`!a == b` is `!(a == b)`), as Python's
// `not`. Operand types are checked here: `&&`, `||`, `!` take booleans,
// comparisons take two operands of the same type.

import { Lexer } from "./lexer";
import { Token, TokenKind, describeToken } from "./token";
import { ExpressionError, ExpressionErrorCode } from "./expression-error";
import { AndNode, AttributeNode, CompareNode, ExprNode, LiteralNode, NotNode, OrNode } from "./nodes";
import { Value, ValueType, typeName } from "./value";
import { attributeNames, findAttribute } from "./attribute-catalogue";

/** Longest expression text accepted. */
export const MAX_EXPRESSION_LENGTH: i32 = 4096;
/** Deepest nesting of parentheses and `!` accepted. */
export const MAX_EXPRESSION_DEPTH: i32 = 32;

/** A compiled expression, or why it was refused. */
export class CompileResult {
  constructor(public readonly node: ExprNode | null, public readonly error: ExpressionError | null) {}
}

/** Compiles `source`; the result's node is null exactly when error is set. */
export function compileExpression(source: string): CompileResult {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return new CompileResult(null, new ExpressionError(ExpressionErrorCode.TOO_COMPLEX, MAX_EXPRESSION_LENGTH, "expression longer than " + MAX_EXPRESSION_LENGTH.toString() + " characters"));
  }
  const lexer = new Lexer(source);
  const tokens = lexer.tokenize();
  if (lexer.error !== null) return new CompileResult(null, lexer.error);
  const parser = new Parser(tokens);
  const node = parser.parseAll();
  return parser.error !== null ? new CompileResult(null, parser.error) : new CompileResult(node, null);
}

class Parser {
  private index: i32 = 0;
  private depth: i32 = 0;
  error: ExpressionError | null = null;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): ExprNode | null {
    const node = this.parseOr();
    if (node === null) return null;
    if (this.peek().kind != TokenKind.End) return this.fail(this.peek(), "unexpected " + describeToken(this.peek()) + " after a complete expression");
    return node;
  }

  private parseOr(): ExprNode | null {
    let left = this.parseAnd();
    while (left !== null && this.peek().kind == TokenKind.Or) {
      const operator = this.advance();
      const right = this.parseAnd();
      if (right === null || !this.expectBool(left, operator) || !this.expectBool(right, operator)) return null;
      left = new OrNode(left, right);
    }
    return left;
  }

  private parseAnd(): ExprNode | null {
    let left = this.parseNot();
    while (left !== null && this.peek().kind == TokenKind.And) {
      const operator = this.advance();
      const right = this.parseNot();
      if (right === null || !this.expectBool(left, operator) || !this.expectBool(right, operator)) return null;
      left = new AndNode(left, right);
    }
    return left;
  }

  private parseNot(): ExprNode | null {
    if (this.peek().kind != TokenKind.Not) return this.parseComparison();
    const operator = this.advance();
    if (!this.enter(operator)) return null;
    const operand = this.parseNot();
    this.depth--;
    if (operand === null || !this.expectBool(operand, operator)) return null;
    return new NotNode(operand);
  }

  private parseComparison(): ExprNode | null {
    const left = this.parsePrimary();
    if (left === null || !isComparison(this.peek().kind)) return left;
    const operator = this.advance();
    const right = this.parsePrimary();
    if (right === null) return null;
    if (left.type != right.type) {
      return this.failWith(ExpressionErrorCode.TYPE, operator, "cannot compare a " + typeName(left.type) + " with a " + typeName(right.type) + " using \"" + operator.text + "\"");
    }
    if (isComparison(this.peek().kind)) return this.fail(this.peek(), "comparisons do not chain; use && between them");
    return new CompareNode(operator.kind, left, right);
  }

  private parsePrimary(): ExprNode | null {
    const token = this.advance();
    switch (token.kind) {
      case TokenKind.String: return new LiteralNode(Value.ofString(token.text));
      case TokenKind.Number: return new LiteralNode(Value.ofNumber(token.number));
      case TokenKind.LeftParen: return this.parseGroup(token);
      case TokenKind.Name: return this.parseName(token);
      default: return this.fail(token, "expected a value, an attribute or \"(\" but found " + describeToken(token));
    }
  }

  private parseGroup(open: Token): ExprNode | null {
    if (!this.enter(open)) return null;
    const inner = this.parseOr();
    this.depth--;
    if (inner === null) return null;
    const close = this.advance();
    if (close.kind != TokenKind.RightParen) return this.fail(close, "expected \")\" to close the \"(\" at offset " + open.offset.toString() + " but found " + describeToken(close));
    return inner;
  }

  private parseName(token: Token): ExprNode | null {
    if (token.text == "true") return new LiteralNode(Value.ofBool(true));
    if (token.text == "false") return new LiteralNode(Value.ofBool(false));
    const spec = findAttribute(token.text);
    if (spec === null) {
      this.error = new ExpressionError(ExpressionErrorCode.UNKNOWN_ATTRIBUTE, token.offset, "unknown attribute \"" + token.text + "\"; known attributes: " + attributeNames());
      return null;
    }
    if (!spec.keyed) {
      if (this.peek().kind == TokenKind.LeftBracket) return this.fail(this.peek(), "attribute \"" + spec.name + "\" takes no [key]");
      return new AttributeNode(spec.type, spec.id, "");
    }
    const open = this.advance();
    if (open.kind != TokenKind.LeftBracket) return this.fail(open, "attribute \"" + spec.name + "\" needs a key, e.g. " + spec.name + "[\"name\"]");
    const key = this.advance();
    if (key.kind != TokenKind.String) return this.fail(key, "expected a string key but found " + describeToken(key));
    const close = this.advance();
    if (close.kind != TokenKind.RightBracket) return this.fail(close, "expected \"]\" but found " + describeToken(close));
    // Header names are case-insensitive and Envoy keeps them lower-cased.
    const isHeader = spec.name == "request.headers" || spec.name == "response.headers";
    return new AttributeNode(spec.type, spec.id, isHeader ? key.text.toLowerCase() : key.text);
  }

  private expectBool(node: ExprNode, operator: Token): bool {
    if (node.type == ValueType.Bool) return true;
    this.error = new ExpressionError(ExpressionErrorCode.TYPE, operator.offset, "\"" + operator.text + "\" needs boolean operands, got a " + typeName(node.type) + " (compare it, e.g. != \"\")");
    return false;
  }

  private enter(token: Token): bool {
    if (++this.depth <= MAX_EXPRESSION_DEPTH) return true;
    this.error = new ExpressionError(ExpressionErrorCode.TOO_COMPLEX, token.offset, "nested deeper than " + MAX_EXPRESSION_DEPTH.toString() + " levels");
    return false;
  }

  private peek(): Token {
    return unchecked(this.tokens[this.index]);
  }

  /** The current token; never moves past End. */
  private advance(): Token {
    const token = unchecked(this.tokens[this.index]);
    if (token.kind != TokenKind.End) this.index++;
    return token;
  }

  private fail(token: Token, reason: string): ExprNode | null {
    return this.failWith(ExpressionErrorCode.SYNTAX, token, reason);
  }

  private failWith(code: string, token: Token, reason: string): ExprNode | null {
    if (this.error === null) this.error = new ExpressionError(code, token.offset, reason);
    return null;
  }
}

function isComparison(kind: TokenKind): bool {
  return kind >= TokenKind.Equal && kind <= TokenKind.GreaterEqual;
}
