// The compiled form of an expression: a small tree built once at configure
// time, evaluated per request without parsing. Its depth is bounded by the
// parser (MAX_DEPTH), so evaluation's recursion is bounded by configuration,
// never by request input.

import { AttributeId } from "./attribute-catalogue";
import { AttributeSource } from "./attribute-source";
import { Value, ValueType } from "./value";
import { TokenKind } from "./token";

export abstract class ExprNode {
  constructor(public readonly type: ValueType) {}
  abstract evaluate(source: AttributeSource): Value;
}

export class LiteralNode extends ExprNode {
  constructor(private readonly value: Value) {
    super(value.type);
  }
  evaluate(source: AttributeSource): Value {
    return this.value;
  }
}

export class AttributeNode extends ExprNode {
  constructor(type: ValueType, public readonly id: AttributeId, public readonly key: string) {
    super(type);
  }
  evaluate(source: AttributeSource): Value {
    return source.lookup(this.id, this.key);
  }
}

/** `==` `!=` `<` `<=` `>` `>=` over two operands of the same type. */
export class CompareNode extends ExprNode {
  constructor(private readonly operator: TokenKind, private readonly left: ExprNode, private readonly right: ExprNode) {
    super(ValueType.Bool);
  }
  evaluate(source: AttributeSource): Value {
    const order = compareValues(this.left.evaluate(source), this.right.evaluate(source));
    switch (this.operator) {
      case TokenKind.Equal: return Value.ofBool(order == 0);
      case TokenKind.NotEqual: return Value.ofBool(order != 0);
      case TokenKind.Less: return Value.ofBool(order < 0);
      case TokenKind.LessEqual: return Value.ofBool(order <= 0);
      case TokenKind.Greater: return Value.ofBool(order > 0);
      default: return Value.ofBool(order >= 0);
    }
  }
}

export class AndNode extends ExprNode {
  constructor(private readonly left: ExprNode, private readonly right: ExprNode) {
    super(ValueType.Bool);
  }
  evaluate(source: AttributeSource): Value {
    if (!this.left.evaluate(source).flag) return Value.ofBool(false);
    return Value.ofBool(this.right.evaluate(source).flag);
  }
}

export class OrNode extends ExprNode {
  constructor(private readonly left: ExprNode, private readonly right: ExprNode) {
    super(ValueType.Bool);
  }
  evaluate(source: AttributeSource): Value {
    if (this.left.evaluate(source).flag) return Value.ofBool(true);
    return Value.ofBool(this.right.evaluate(source).flag);
  }
}

export class NotNode extends ExprNode {
  constructor(private readonly operand: ExprNode) {
    super(ValueType.Bool);
  }
  evaluate(source: AttributeSource): Value {
    return Value.ofBool(!this.operand.evaluate(source).flag);
  }
}

/**
 * -1, 0 or 1. Absent values compare as their type's default ("", 0, false):
 * `request.headers["x-debug"] != ""` is false when the header is missing.
 * Strings compare by UTF-16 code units (byte order for ASCII).
 */
function compareValues(left: Value, right: Value): i32 {
  if (left.type == ValueType.Number) {
    if (left.number < right.number) return -1;
    return left.number > right.number ? 1 : 0;
  }
  if (left.type == ValueType.Bool) return <i32>left.flag - <i32>right.flag;
  return compareText(left.text, right.text);
}

function compareText(left: string, right: string): i32 {
  const length = min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const difference = left.charCodeAt(i) - right.charCodeAt(i);
    if (difference != 0) return difference < 0 ? -1 : 1;
  }
  if (left.length == right.length) return 0;
  return left.length < right.length ? -1 : 1;
}
