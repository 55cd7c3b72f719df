/** The syntax tree of a parsed CEL expression; macros are already expanded. */
export type CelNode =
  | { readonly kind: "literal"; readonly value: CelLiteral; readonly at: number }
  | { readonly kind: "ident"; readonly name: string; readonly at: number }
  /** `operand.field`; `test` is true inside `has()`, which asks for presence instead of the value. */
  | { readonly kind: "select"; readonly operand: CelNode; readonly field: string; readonly test: boolean; readonly at: number }
  | { readonly kind: "index"; readonly operand: CelNode; readonly index: CelNode; readonly at: number }
  /** A function call: global `name(args)` or receiver-style `target.name(args)`. */
  | { readonly kind: "call"; readonly name: string; readonly target?: CelNode; readonly args: readonly CelNode[]; readonly at: number }
  | { readonly kind: "list"; readonly elements: readonly CelNode[]; readonly at: number }
  | { readonly kind: "map"; readonly entries: readonly { key: CelNode; value: CelNode }[]; readonly at: number }
  | { readonly kind: "unary"; readonly op: "!" | "-"; readonly operand: CelNode; readonly at: number }
  | { readonly kind: "binary"; readonly op: BinaryOperator; readonly left: CelNode; readonly right: CelNode; readonly at: number }
  | { readonly kind: "conditional"; readonly test: CelNode; readonly then: CelNode; readonly otherwise: CelNode; readonly at: number }
  | {
      readonly kind: "comprehension";
      readonly macro: ComprehensionMacro;
      readonly range: CelNode;
      readonly variable: string;
      readonly body: CelNode;
      readonly at: number;
    };

export type CelLiteral = null | boolean | bigint | number | string;

export type BinaryOperator = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "+" | "-" | "*" | "/" | "%";

/** The receiver-style macros CEL expands over a list (elements) or a map (keys). */
export type ComprehensionMacro = "all" | "exists" | "exists_one" | "map" | "filter";

export const COMPREHENSION_MACROS: readonly ComprehensionMacro[] = ["all", "exists", "exists_one", "map", "filter"];
