import { compileCel, type CelProgram } from "../cel/compile.ts";
import { CelCompileError, CelEvalError } from "../cel/errors.ts";
import { fromJson, type CelTypeHint } from "../cel/values.ts";
import { CliError } from "../../errors.ts";
import type { FieldError } from "./field-error.ts";

/** One `x-kubernetes-validations` entry, compiled. */
export interface CompiledRule {
  readonly rule: CelProgram;
  readonly message?: string;
  readonly messageExpression?: CelProgram;
  /** Where to report a failure, relative to the node (".field" or "['key']"). */
  readonly fieldPath?: string;
}

const RULE_KEYS = new Set(["rule", "message", "messageExpression", "fieldPath", "reason", "optionalOldSelf"]);

/** Compiles a node's CEL rules; a rule this evaluator cannot run makes the schema unusable, loudly. */
export function compileRules(raw: unknown, location: string): CompiledRule[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new CliError("E_SCHEMA_UNSUPPORTED", `x-kubernetes-validations at ${location} is not a list`);
  return raw.map((entry: Record<string, unknown>, i) => {
    const where = `${location}.x-kubernetes-validations[${i}]`;
    const unknown = Object.keys(entry).find((key) => !RULE_KEYS.has(key));
    if (unknown) throw new CliError("E_SCHEMA_UNSUPPORTED", `${where} has "${unknown}", which this validator does not implement`);
    if (typeof entry.rule !== "string") throw new CliError("E_SCHEMA_UNSUPPORTED", `${where} has no rule`);
    try {
      return {
        rule: compileCel(entry.rule),
        message: entry.message as string | undefined,
        messageExpression: typeof entry.messageExpression === "string" ? compileCel(entry.messageExpression) : undefined,
        fieldPath: entry.fieldPath as string | undefined,
      };
    } catch (error) {
      if (error instanceof CelCompileError) throw new CliError(error.code, `${where}: ${error.message}`);
      throw error;
    }
  });
}

/**
 * Runs a node's rules with `self` bound to `value` (typed by the node's
 * schema). A false rule reports its message (or "failed rule: <rule>"), as
 * the API server does; a rule that errs reports the CEL error.
 */
export function evaluateRules(rules: readonly CompiledRule[], value: unknown, hint: CelTypeHint, path: string): FieldError[] {
  if (rules.length === 0) return [];
  const bindings = new Map([["self", fromJson(value, hint)]]);
  const errors: FieldError[] = [];
  for (const compiled of rules) {
    const where = compiled.fieldPath ? `${path}${compiled.fieldPath}`.replace(/^\./, "") : path;
    let result;
    try {
      result = compiled.rule.run(bindings);
    } catch (error) {
      if (!(error instanceof CelEvalError)) throw error;
      errors.push({ path: where, message: `rule ${JSON.stringify(compiled.rule.source)} could not be evaluated: ${error.message}` });
      continue;
    }
    if (typeof result !== "boolean") {
      errors.push({ path: where, message: `rule ${JSON.stringify(compiled.rule.source)} gave a ${typeof result}, not a bool` });
    } else if (!result) {
      errors.push({ path: where, message: failureMessage(compiled, bindings) });
    }
  }
  return errors;
}

function failureMessage(compiled: CompiledRule, bindings: ReadonlyMap<string, ReturnType<typeof fromJson>>): string {
  if (compiled.messageExpression) {
    try {
      const message = compiled.messageExpression.run(bindings);
      if (typeof message === "string" && message.trim() !== "") return message;
    } catch (error) {
      if (!(error instanceof CelEvalError)) throw error;
    }
  }
  return compiled.message ?? `failed rule: ${compiled.rule.source}`;
}
