// TEMPORARY (removed once every filter reads through config/reader.ts): the
// old names of configuration errors and codes.
export { ConfigError as JsonError } from "../config/error";

export namespace JsonErrorCode {
  export const TYPE = "E_CONFIG_TYPE";
  export const MISSING = "E_CONFIG_MISSING";
  export const RANGE = "E_CONFIG_RANGE";
  export const INVALID = "E_CONFIG_FORMAT";
}
