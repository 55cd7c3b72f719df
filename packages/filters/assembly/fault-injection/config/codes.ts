// The codes of fault-injection's own rules (documented in
// docs/fault-injection.md, "Errors"). Everything else is refused with the
// SDK's generic codes (E_JSON_*, E_CONFIG_*).

export namespace FaultErrorCode {
  /** A rule (or the single-rule configuration) has neither delay nor abort, and header control is off. */
  export const NOTHING_TO_INJECT = "E_FAULT_NOTHING_TO_INJECT";
}
