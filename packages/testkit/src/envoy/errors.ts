/** Why a real Envoy could not be provisioned or run. `code` is stable; the message says what to do. */
export class EnvoyError extends Error {
  constructor(
    readonly code:
      | "E_GO_MISSING"
      | "E_PROVISION_FAILED"
      | "E_ENVOY_PATH_INVALID"
      | "E_ENVOY_EXITED"
      | "E_ENVOY_NOT_READY"
      | "E_ADMIN_REQUEST",
    message: string,
    /** Envoy's whole log when it exited (E_ENVOY_EXITED), for callers that read more than the tail. */
    readonly log = "",
    /** The file that log is in. */
    readonly logFile = "",
  ) {
    super(message);
    this.name = "EnvoyError";
  }
}
