/**
 * The `format` values a structural schema may carry, and how each is checked.
 * int32/int64 bound the integer (Istio decodes `priority` into an Int32Value,
 * so an out-of-range number could not be applied); string formats follow
 * Kubernetes' format registry for the ones the CRD uses.
 */
export type FormatCheck = (value: unknown) => string | undefined;

const INT32 = 2 ** 31;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export const FORMATS: ReadonlyMap<string, FormatCheck> = new Map<string, FormatCheck>([
  ["int32", (value) => (typeof value === "number" && (value < -INT32 || value >= INT32) ? `must fit in a 32-bit signed integer (got ${value})` : undefined)],
  ["int64", (value) => (typeof value === "number" && !Number.isSafeInteger(value) ? `must be an integer JavaScript can hold exactly (got ${value})` : undefined)],
  ["float", () => undefined],
  ["double", () => undefined],
  ["date-time", (value) => (typeof value === "string" && !(RFC3339.test(value) && !Number.isNaN(Date.parse(value))) ? `must be an RFC 3339 date-time (got ${JSON.stringify(value)})` : undefined)],
  ["byte", (value) => (typeof value === "string" && !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value) ? "must be base64" : undefined)],
]);
