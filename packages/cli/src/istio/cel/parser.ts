import { COMPREHENSION_MACROS, type BinaryOperator, type CelNode, type ComprehensionMacro } from "./ast.ts";
import { CelCompileError } from "./errors.ts";
import { tokenize, type Token } from "./lexer.ts";

const RELATIONS: readonly string[] = ["==", "!=", "<", "<=", ">", ">=", "in"];

/**
 * Parses CEL's expression grammar (precedence from the CEL spec: ?: < || < &&
 * < relations and `in` < + - < * / % < unary < member access) and expands the
 * `has` and comprehension macros. Syntax outside that grammar is a compile error.
 */
export function parseCel(source: string): CelNode {
  return new Parser(source).parseAll();
}

class Parser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(private readonly source: string) {
    this.tokens = tokenize(source);
  }

  parseAll(): CelNode {
    const node = this.expression();
    if (this.peek().kind !== "end") this.fail(`unexpected ${describe(this.peek())}`);
    return node;
  }

  private expression(): CelNode {
    const test = this.binaryLevel(0);
    if (!this.acceptPunct("?")) return test;
    const then = this.binaryLevel(0);
    this.expectPunct(":");
    const otherwise = this.expression();
    return { kind: "conditional", test, then, otherwise, at: test.at };
  }

  // Levels: 0 "||", 1 "&&", 2 relations, 3 "+ -", 4 "* / %".
  private binaryLevel(level: number): CelNode {
    if (level > 4) return this.unary();
    let left = this.binaryLevel(level + 1);
    while (true) {
      const op = this.operatorAt(level);
      if (!op) return left;
      this.position++;
      const right = this.binaryLevel(level + 1);
      left = { kind: "binary", op, left, right, at: left.at };
    }
  }

  private operatorAt(level: number): BinaryOperator | undefined {
    const token = this.peek();
    const text = token.kind === "punct" || (token.kind === "ident" && token.text === "in") ? token.text : undefined;
    if (text === undefined) return undefined;
    const accepted = [["||"], ["&&"], RELATIONS, ["+", "-"], ["*", "/", "%"]][level];
    return accepted.includes(text) ? (text as BinaryOperator) : undefined;
  }

  private unary(): CelNode {
    const token = this.peek();
    if (token.kind === "punct" && (token.text === "!" || token.text === "-")) {
      this.position++;
      // Fold "-<number literal>" so that -9223372036854775808 is representable.
      const next = this.peek();
      if (token.text === "-" && (next.kind === "int" || next.kind === "double")) {
        this.position++;
        return this.member({ kind: "literal", value: -(next.value as bigint | number) as bigint | number, at: token.at });
      }
      return { kind: "unary", op: token.text, operand: this.unary(), at: token.at };
    }
    return this.member(this.primary());
  }

  private member(start: CelNode): CelNode {
    let node = start;
    while (true) {
      if (this.acceptPunct(".")) {
        const name = this.expectIdent();
        if (this.acceptPunct("(")) {
          node = this.receiverCall(node, name.text, this.argumentsUntil(")"), name.at);
        } else {
          node = { kind: "select", operand: node, field: name.text, test: false, at: name.at };
        }
      } else if (this.acceptPunct("[")) {
        const index = this.expression();
        this.expectPunct("]");
        node = { kind: "index", operand: node, index, at: node.at };
      } else {
        return node;
      }
    }
  }

  private receiverCall(target: CelNode, name: string, args: CelNode[], at: number): CelNode {
    if (!(COMPREHENSION_MACROS as readonly string[]).includes(name)) return { kind: "call", name, target, args, at };
    const macro = name as ComprehensionMacro;
    if (args.length !== 2 || args[0].kind !== "ident") {
      const form = macro === "map" ? "map(x, expr)" : `${macro}(x, predicate)`;
      throw new CelCompileError(`macro ${macro} takes the form ${form}`, this.source, at);
    }
    return { kind: "comprehension", macro, range: target, variable: args[0].name, body: args[1], at };
  }

  private primary(): CelNode {
    const token = this.next();
    switch (token.kind) {
      case "int":
      case "double":
      case "string":
        return { kind: "literal", value: token.value!, at: token.at };
      case "ident":
        return this.identifier(token);
      case "punct":
        return this.bracketed(token);
      default:
        return this.fail(`unexpected ${describe(token)}`, token.at);
    }
  }

  private identifier(token: Token): CelNode {
    if (token.text === "true" || token.text === "false") return { kind: "literal", value: token.text === "true", at: token.at };
    if (token.text === "null") return { kind: "literal", value: null, at: token.at };
    if (!this.acceptPunct("(")) return { kind: "ident", name: token.text, at: token.at };
    const args = this.argumentsUntil(")");
    if (token.text === "has") return this.hasMacro(args, token.at);
    return { kind: "call", name: token.text, args, at: token.at };
  }

  private hasMacro(args: CelNode[], at: number): CelNode {
    const [arg] = args;
    if (args.length !== 1 || arg.kind !== "select") throw new CelCompileError("has() takes one field selection, like has(self.field)", this.source, at);
    return { ...arg, test: true };
  }

  private bracketed(token: Token): CelNode {
    if (token.text === "(") {
      const inner = this.expression();
      this.expectPunct(")");
      return inner;
    }
    if (token.text === "[") return { kind: "list", elements: this.argumentsUntil("]"), at: token.at };
    if (token.text === "{") return { kind: "map", entries: this.mapEntries(), at: token.at };
    if (token.text === ".") this.fail("qualified (leading-dot) names are not supported", token.at);
    return this.fail(`unexpected ${describe(token)}`, token.at);
  }

  private argumentsUntil(close: string): CelNode[] {
    const args: CelNode[] = [];
    if (this.acceptPunct(close)) return args;
    do {
      if (close === "]" && this.peekPunct("]")) break; // trailing comma in a list literal
      args.push(this.expression());
    } while (this.acceptPunct(","));
    this.expectPunct(close);
    return args;
  }

  private mapEntries(): { key: CelNode; value: CelNode }[] {
    const entries: { key: CelNode; value: CelNode }[] = [];
    if (this.acceptPunct("}")) return entries;
    do {
      if (this.peekPunct("}")) break;
      const key = this.expression();
      this.expectPunct(":");
      entries.push({ key, value: this.expression() });
    } while (this.acceptPunct(","));
    this.expectPunct("}");
    return entries;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    return this.tokens[this.position++];
  }

  private peekPunct(text: string): boolean {
    const token = this.peek();
    return token.kind === "punct" && token.text === text;
  }

  private acceptPunct(text: string): boolean {
    if (!this.peekPunct(text)) return false;
    this.position++;
    return true;
  }

  private expectPunct(text: string): void {
    if (!this.acceptPunct(text)) this.fail(`expected "${text}" but found ${describe(this.peek())}`);
  }

  private expectIdent(): Token {
    const token = this.next();
    if (token.kind !== "ident") this.fail(`expected a field or method name but found ${describe(token)}`, token.at);
    return token;
  }

  private fail(message: string, at: number = this.peek().at): never {
    throw new CelCompileError(message, this.source, at);
  }
}

function describe(token: Token): string {
  return token.kind === "end" ? "end of expression" : `"${token.text}"`;
}
