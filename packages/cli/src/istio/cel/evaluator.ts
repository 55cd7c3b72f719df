import type { BinaryOperator, CelNode } from "./ast.ts";
import { CelEvalError } from "./errors.ts";
import { findFunction } from "./functions.ts";
import { CelMap, celEquals, celTypeName, checkInt64, compareNumbers, isNumeric, type CelValue } from "./values.ts";

export type Bindings = ReadonlyMap<string, CelValue>;

/**
 * Evaluates a compiled expression. CEL errors (no such key, no matching
 * overload, overflow, division by zero) are thrown as `CelEvalError`;
 * `&&` and `||` absorb an error when the other side decides the result, as
 * CEL specifies.
 */
export function evaluate(node: CelNode, bindings: Bindings): CelValue {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "ident":
      if (!bindings.has(node.name)) throw new CelEvalError(`undeclared reference to '${node.name}'`);
      return bindings.get(node.name)!;
    case "select":
      return select(evaluate(node.operand, bindings), node.field, node.test);
    case "index":
      return index(evaluate(node.operand, bindings), evaluate(node.index, bindings));
    case "call":
      return call(node, bindings);
    case "list":
      return node.elements.map((element) => evaluate(element, bindings));
    case "map":
      return mapLiteral(node.entries, bindings);
    case "unary":
      return unary(node.op, evaluate(node.operand, bindings));
    case "binary":
      return binary(node.op, node.left, node.right, bindings);
    case "conditional":
      return asBool(evaluate(node.test, bindings), "_?_:_") ? evaluate(node.then, bindings) : evaluate(node.otherwise, bindings);
    case "comprehension":
      return comprehension(node, bindings);
  }
}

function select(operand: CelValue, field: string, test: boolean): CelValue {
  if (!(operand instanceof CelMap)) throw new CelEvalError(`type '${celTypeName(operand)}' does not support field selection`);
  if (test) return operand.entries.has(field);
  if (!operand.entries.has(field)) throw new CelEvalError(`no such key: ${field}`);
  return operand.entries.get(field)!;
}

function index(operand: CelValue, key: CelValue): CelValue {
  if (Array.isArray(operand)) {
    if (typeof key !== "bigint") throw new CelEvalError(`no such overload: list[${celTypeName(key)}]`);
    if (key < 0n || key >= BigInt(operand.length)) throw new CelEvalError(`index out of bounds: ${key}`);
    return operand[Number(key)];
  }
  if (operand instanceof CelMap) {
    if (typeof key !== "string" || !operand.entries.has(key)) throw new CelEvalError(`no such key: ${String(key)}`);
    return operand.entries.get(key)!;
  }
  throw new CelEvalError(`no such overload: ${celTypeName(operand)}[${celTypeName(key)}]`);
}

function call(node: Extract<CelNode, { kind: "call" }>, bindings: Bindings): CelValue {
  const fn = findFunction(node.name, node.target !== undefined, node.args.length);
  if (!fn) throw new CelEvalError(`unknown function ${node.name}`); // unreachable after compile()
  const args = node.args.map((arg) => evaluate(arg, bindings));
  return fn.call(node.target ? [evaluate(node.target, bindings), ...args] : args);
}

function mapLiteral(entries: readonly { key: CelNode; value: CelNode }[], bindings: Bindings): CelMap {
  const map = new Map<string, CelValue>();
  for (const entry of entries) {
    const key = evaluate(entry.key, bindings);
    if (typeof key !== "string") throw new CelEvalError(`map literal keys must be strings here, got ${celTypeName(key)}`);
    if (map.has(key)) throw new CelEvalError(`Failed with repeated key: ${key}`);
    map.set(key, evaluate(entry.value, bindings));
  }
  return new CelMap(map);
}

function unary(op: "!" | "-", value: CelValue): CelValue {
  if (op === "!") return !asBool(value, "!_");
  if (typeof value === "bigint") return checkInt64(-value);
  if (typeof value === "number") return -value;
  throw new CelEvalError(`no such overload: -${celTypeName(value)}`);
}

function binary(op: BinaryOperator, leftNode: CelNode, rightNode: CelNode, bindings: Bindings): CelValue {
  if (op === "&&" || op === "||") return logical(op, leftNode, rightNode, bindings);
  const left = evaluate(leftNode, bindings);
  const right = evaluate(rightNode, bindings);
  switch (op) {
    case "==":
      return celEquals(left, right);
    case "!=":
      return !celEquals(left, right);
    case "in":
      return membership(left, right);
    case "<":
    case "<=":
    case ">":
    case ">=":
      return relation(op, left, right);
    default:
      return arithmetic(op, left, right);
  }
}

/** `a && b` is false if either side is false, even if the other errs; likewise `||` with true. */
function logical(op: "&&" | "||", leftNode: CelNode, rightNode: CelNode, bindings: Bindings): boolean {
  const decisive = op === "||";
  const left = attempt(() => asBool(evaluate(leftNode, bindings), op));
  if (left === decisive) return decisive;
  const right = attempt(() => asBool(evaluate(rightNode, bindings), op));
  if (right === decisive) return decisive;
  if (left instanceof CelEvalError) throw left;
  if (right instanceof CelEvalError) throw right;
  return !decisive;
}

function attempt(run: () => boolean): boolean | CelEvalError {
  try {
    return run();
  } catch (error) {
    if (error instanceof CelEvalError) return error;
    throw error;
  }
}

function membership(item: CelValue, container: CelValue): boolean {
  if (Array.isArray(container)) return container.some((element) => celEquals(element, item));
  if (container instanceof CelMap) return typeof item === "string" && container.entries.has(item);
  throw new CelEvalError(`no such overload: ${celTypeName(item)} in ${celTypeName(container)}`);
}

function relation(op: "<" | "<=" | ">" | ">=", left: CelValue, right: CelValue): boolean {
  let order: number;
  if (isNumeric(left) && isNumeric(right)) order = compareNumbers(left, right);
  else if (typeof left === "string" && typeof right === "string") order = left < right ? -1 : left > right ? 1 : 0;
  else if (typeof left === "boolean" && typeof right === "boolean") order = Number(left) - Number(right);
  else throw new CelEvalError(`no such overload: ${celTypeName(left)} ${op} ${celTypeName(right)}`);
  if (Number.isNaN(order)) return false;
  return op === "<" ? order < 0 : op === "<=" ? order <= 0 : op === ">" ? order > 0 : order >= 0;
}

function arithmetic(op: "+" | "-" | "*" | "/" | "%", left: CelValue, right: CelValue): CelValue {
  if (typeof left === "bigint" && typeof right === "bigint") return intArithmetic(op, left, right);
  if (typeof left === "number" && typeof right === "number" && op !== "%") {
    return op === "+" ? left + right : op === "-" ? left - right : op === "*" ? left * right : left / right;
  }
  if (op === "+" && typeof left === "string" && typeof right === "string") return left + right;
  if (op === "+" && Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  throw new CelEvalError(`no such overload: ${celTypeName(left)} ${op} ${celTypeName(right)}`);
}

function intArithmetic(op: "+" | "-" | "*" | "/" | "%", left: bigint, right: bigint): bigint {
  if ((op === "/" || op === "%") && right === 0n) throw new CelEvalError(op === "/" ? "division by zero" : "modulus by zero");
  switch (op) {
    case "+":
      return checkInt64(left + right);
    case "-":
      return checkInt64(left - right);
    case "*":
      return checkInt64(left * right);
    case "/":
      return checkInt64(left / right);
    case "%":
      return left % right;
  }
}

function comprehension(node: Extract<CelNode, { kind: "comprehension" }>, bindings: Bindings): CelValue {
  const range = evaluate(node.range, bindings);
  let items: CelValue[];
  if (Array.isArray(range)) items = range;
  else if (range instanceof CelMap) items = [...range.entries.keys()];
  else throw new CelEvalError(`expression of type '${celTypeName(range)}' cannot be range of a comprehension`);
  const scoped = new Map(bindings);
  const run = (item: CelValue): CelValue => {
    scoped.set(node.variable, item);
    return evaluate(node.body, scoped);
  };
  switch (node.macro) {
    case "all":
      return quantify(items, run, false);
    case "exists":
      return quantify(items, run, true);
    case "exists_one":
      return items.filter((item) => asBool(run(item), "exists_one")).length === 1;
    case "map":
      return items.map(run);
    case "filter":
      return items.filter((item) => asBool(run(item), "filter"));
  }
}

/** all() / exists(): like a chain of && / ||, an error only counts if no element decides the result. */
function quantify(items: CelValue[], run: (item: CelValue) => CelValue, decisive: boolean): boolean {
  let firstError: CelEvalError | undefined;
  for (const item of items) {
    const result = attempt(() => asBool(run(item), decisive ? "exists" : "all"));
    if (result === decisive) return decisive;
    if (result instanceof CelEvalError) firstError ??= result;
  }
  if (firstError) throw firstError;
  return !decisive;
}

function asBool(value: CelValue, context: string): boolean {
  if (typeof value !== "boolean") throw new CelEvalError(`no such overload: ${context} on ${celTypeName(value)}`);
  return value;
}
