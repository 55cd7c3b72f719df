// RE2-syntax regular expressions with linear-time matching, for routing,
// header and query matching on untrusted input. See README.md.

export { Regex, RegexCompileResult } from "./regex";
export {
  RegexErrorCode,
  regexErrorCodeName,
  MAX_PROGRAM_SIZE,
  MAX_REPEAT_COUNT,
  MAX_NESTING_DEPTH,
} from "./errors";
