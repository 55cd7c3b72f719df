/**
 * A rule uses CEL this evaluator does not implement, or is not valid CEL.
 * Raised when the schema is loaded, so an unknown construct can never pass
 * a document by accident.
 */
export class CelCompileError extends Error {
  readonly code = "E_CEL_UNSUPPORTED";
  constructor(
    message: string,
    /** The rule's source text. */
    readonly expression: string,
    /** Offset in `expression` where the problem is. */
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset} of CEL rule ${JSON.stringify(expression)}`);
    this.name = "CelCompileError";
  }
}

/** A CEL runtime error (no such key, no matching overload, overflow...), as CEL's own error value. */
export class CelEvalError extends Error {
  readonly code = "E_CEL_EVAL";
  constructor(message: string) {
    super(message);
    this.name = "CelEvalError";
  }
}
