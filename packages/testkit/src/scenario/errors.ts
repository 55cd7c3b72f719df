/** Why a scenario cannot run as asked. `code` is stable; the message says what to do. */
export class ScenarioError extends Error {
  constructor(
    readonly code:
      /** `compareBackends` was given fewer than two distinct backends: nothing to compare. */
      | "E_PARITY_NEEDS_TWO_BACKENDS"
      /** The setup asks the emulator for something only real Envoy has (native filters). */
      | "E_EMULATOR_UNSUPPORTED"
      /** `tcpConversation` on a setup without a network filter. */
      | "E_NO_NETWORK_FILTER",
    message: string,
  ) {
    super(message);
    this.name = "ScenarioError";
  }
}
