/** One problem in a document, at a Kubernetes field path (`spec.vmConfig.env[0].value`). */
export interface FieldError {
  /** The field path; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** `spec.sha256: Invalid value: ...`, or the bare message for the whole document. */
export function formatFieldError(error: FieldError): string {
  return error.path ? `${error.path}: ${error.message}` : error.message;
}
