// The codes of telemetry's own rules (documented in docs/telemetry.md,
// "Errors"): the expression compiler's, and the label rules. Everything
// else is refused with the SDK's generic codes (E_JSON_*, E_CONFIG_*).

export { ExpressionErrorCode } from "../expr/expression-error";

export namespace TelemetryErrorCode {
  /** A dimension name that is not a label name, is a built-in label, or would share a tag rule with another. */
  export const LABEL = "E_TELEMETRY_LABEL";
}
