/** One problem in a document, at a Kubernetes-style field path (`spec.vmConfig.env[0].value`). */
export interface FieldError {
  /** The field path; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** `spec.sha256: must match ...`, or the bare message for the whole document. */
export function formatFieldError(error: FieldError): string {
  return error.path ? `${error.path}: ${error.message}` : error.message;
}

export function childPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

export function itemPath(parent: string, index: number | string): string {
  return `${parent}[${index}]`;
}

/** JSON text of a value, shortened for messages. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The JSON-ish type name of a value, for "must be of type" messages. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}
