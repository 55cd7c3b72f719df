import type { CelNode } from "./ast.ts";
import { CelCompileError } from "./errors.ts";
import { evaluate } from "./evaluator.ts";
import { CEL_FUNCTIONS, findFunction } from "./functions.ts";
import { parseCel } from "./parser.ts";
import type { CelValue } from "./values.ts";

/** A CEL expression checked against what this evaluator implements, ready to run. */
export interface CelProgram {
  readonly source: string;
  readonly ast: CelNode;
  run(bindings: ReadonlyMap<string, CelValue>): CelValue;
}

/**
 * Parses `source` and checks every function it calls and every name it reads
 * is one this evaluator implements (`variables` are the names the caller
 * binds, `self` for a Kubernetes rule). Anything else throws
 * `CelCompileError` now rather than evaluating to a wrong answer later.
 */
export function compileCel(source: string, variables: readonly string[] = ["self"]): CelProgram {
  const ast = parseCel(source);
  check(ast, new Set(variables), source);
  return { source, ast, run: (bindings) => evaluate(ast, bindings) };
}

function check(node: CelNode, scope: ReadonlySet<string>, source: string): void {
  switch (node.kind) {
    case "literal":
      return;
    case "ident":
      if (!scope.has(node.name)) {
        const hint = node.name === "oldSelf" ? " (transition rules compare with the stored object; only creation is checked here)" : "";
        throw new CelCompileError(`unknown name "${node.name}"${hint}`, source, node.at);
      }
      return;
    case "select":
      return check(node.operand, scope, source);
    case "index":
      check(node.operand, scope, source);
      return check(node.index, scope, source);
    case "call":
      if (!findFunction(node.name, node.target !== undefined, node.args.length)) throw unknownFunction(node, source);
      if (node.target) check(node.target, scope, source);
      return node.args.forEach((arg) => check(arg, scope, source));
    case "list":
      return node.elements.forEach((element) => check(element, scope, source));
    case "map":
      return node.entries.forEach((entry) => (check(entry.key, scope, source), check(entry.value, scope, source)));
    case "unary":
      return check(node.operand, scope, source);
    case "binary":
      check(node.left, scope, source);
      return check(node.right, scope, source);
    case "conditional":
      check(node.test, scope, source);
      check(node.then, scope, source);
      return check(node.otherwise, scope, source);
    case "comprehension":
      check(node.range, scope, source);
      return check(node.body, new Set([...scope, node.variable]), source);
  }
}

function unknownFunction(node: Extract<CelNode, { kind: "call" }>, source: string): CelCompileError {
  const style = node.target ? `<receiver>.${node.name}` : node.name;
  const known = [...new Set(CEL_FUNCTIONS.map((f) => f.name))].sort().join(", ");
  return new CelCompileError(`function ${style}() with ${node.args.length} argument(s) is not implemented (implemented: ${known})`, source, node.at);
}
