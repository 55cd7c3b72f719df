// Reads a configuration field holding an expression and compiles it,
// reporting a refused expression at the field's path with its code
// (E_EXPR_*) and the character offset.

import { ConfigErrorCode, JsonField, quoteJson } from "@envoyscript/sdk/assembly";
import { compileExpression } from "../expr/parser";
import { ExprNode, LiteralNode } from "../expr/nodes";
import { ExpressionErrorCode } from "../expr/expression-error";
import { Value, ValueType, typeName } from "../expr/value";

/** Compiles `field` (a string, `fallback` when absent); on error reports it and returns a placeholder literal. */
export function compileField(field: JsonField, fallback: string): ExprNode {
  return compileText(field, field.asString(fallback));
}

/** Compiles `text` read from `field`; reports problems at `field`'s path. */
export function compileText(field: JsonField, text: string): ExprNode {
  if (field.config.failed) return placeholder();
  if (text.trim().length == 0) {
    field.refuse(ConfigErrorCode.EMPTY, "expression is empty; give an attribute expression such as request.headers[\"x-team\"]");
    return placeholder();
  }
  const result = compileExpression(text);
  const error = result.error;
  const node = result.node;
  if (error !== null || node === null) {
    if (error !== null) field.refuse(error.code, "at offset " + error.offset.toString() + ": " + error.reason + " in " + quoteExpression(text));
    return placeholder();
  }
  return node;
}

/** Reports unless `node` has type `type`. */
export function expectType(field: JsonField, node: ExprNode, type: ValueType): void {
  if (node.type != type) {
    field.refuse(ExpressionErrorCode.TYPE, "at offset 0: expected a " + typeName(type) + " expression, got a " + typeName(node.type) + " (e.g. response.code >= 400)");
  }
}

function placeholder(): ExprNode {
  return new LiteralNode(Value.absent(ValueType.String));
}

function quoteExpression(text: string): string {
  return quoteJson(text.length <= 120 ? text : text.substring(0, 120) + "...");
}
