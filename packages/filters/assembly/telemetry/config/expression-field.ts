// Reads a configuration field holding an expression and compiles it, reporting
// a refused expression at the field's path with the character offset.

import { JsonField } from "@envoyscript/sdk/assembly/json/reader";
import { JsonErrorCode } from "@envoyscript/sdk/assembly/json/error";
import { compileExpression } from "../expr/parser";
import { ExprNode } from "../expr/nodes";
import { LiteralNode } from "../expr/nodes";
import { Value, ValueType, typeName } from "../expr/value";

/** Compiles `field` (a string); on error reports it and returns a placeholder literal. */
export function compileField(field: JsonField, fallback: string): ExprNode {
  const text = field.asString(fallback, false);
  return compileText(field, text);
}

/** Compiles `text` read from `field`; reports errors at `field`'s path. */
export function compileText(field: JsonField, text: string): ExprNode {
  if (text.trim().length == 0) {
    field.config.report(JsonErrorCode.MISSING, field.path, "expression is empty; give an attribute expression such as request.headers[\"x-team\"]");
    return placeholder();
  }
  const result = compileExpression(text);
  const error = result.error;
  if (error !== null) {
    field.config.report(error.code, field.path, "at offset " + error.offset.toString() + ": " + error.reason + " in " + quote(text));
    return placeholder();
  }
  return result.node!;
}

/** Reports unless `node` has type `type`. */
export function expectType(field: JsonField, node: ExprNode, type: ValueType): void {
  if (node.type != type) {
    field.config.report("E_EXPR_TYPE", field.path, "at offset 0: expected a " + typeName(type) + " expression, got a " + typeName(node.type) + " (e.g. response.code >= 400)");
  }
}

function placeholder(): ExprNode {
  return new LiteralNode(Value.absent(ValueType.String));
}

function quote(text: string): string {
  return "\"" + (text.length <= 120 ? text : text.substring(0, 120) + "...") + "\"";
}
