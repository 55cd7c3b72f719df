// Reads one fault rule — `{match, delay, abort}` as Istio's HTTPRoute `match`
// and HTTPFaultInjection write them — from JSON. Every problem comes back
// with its field path; nothing traps on bad configuration.

import { JsonValue } from "@envoyscript/sdk/assembly";
import { Percentage, parsePercentage, parseRequestMatch } from "@envoyscript/sdk/assembly/matcher";
import { FaultConfigError, FaultConfigErrorCode } from "./config-error";
import { checkFields, fieldPath, isInteger, rangeError, typeError } from "./config-shape";
import { AbortFault, DelayFault, FaultRule, NO_STATUS } from "./fault-config";
import { MAX_DELAY_MS, parseDuration } from "./duration";
import { GRPC_STATUS_MAX, grpcStatusByName } from "./grpc-status";

export const RULE_FIELDS: string[] = ["match", "delay", "abort"];
export const DELAY_FIELDS: string[] = ["fixedDelay", "fixedDelayMs", "percentage"];
export const ABORT_FIELDS: string[] = ["httpStatus", "grpcStatus", "percentage"];

/** A rule, or why it was refused. */
export class RuleResult {
  constructor(public readonly rule: FaultRule | null, public readonly error: FaultConfigError | null) {}
  static failed(error: FaultConfigError): RuleResult {
    return new RuleResult(null, error);
  }
}

/**
 * Reads the rule fields of `json` (an object whose other fields the caller
 * already checked) at `path` ("" for the single-rule form, `faults[2]` in a
 * list). `headerOnly` allows a rule with neither delay nor abort.
 */
export function parseFaultRule(json: JsonValue, path: string, index: i32, headerOnly: bool): RuleResult {
  const matchResult = parseRequestMatch(json.get("match"), fieldPath(path, "match"));
  if (!matchResult.ok) return RuleResult.failed(FaultConfigError.fromMatch(matchResult.error!));

  const reader = new FieldReader();
  let delay: DelayFault | null = null;
  const delayJson = json.get("delay");
  if (delayJson !== null) {
    const delayPath = fieldPath(path, "delay");
    const shape = checkFields(delayJson, delayPath, DELAY_FIELDS);
    if (shape !== null) return RuleResult.failed(shape);
    const delayMs = reader.readDelayMs(delayJson, delayPath);
    if (delayMs < 0) return RuleResult.failed(reader.error!);
    const percentage = reader.readPercentage(delayJson, delayPath);
    if (percentage === null) return RuleResult.failed(reader.error!);
    delay = new DelayFault(<u32>delayMs, percentage);
  }

  let abort: AbortFault | null = null;
  const abortJson = json.get("abort");
  if (abortJson !== null) {
    const abortPath = fieldPath(path, "abort");
    const shape = checkFields(abortJson, abortPath, ABORT_FIELDS);
    if (shape !== null) return RuleResult.failed(shape);
    const result = reader.readAbort(abortJson, abortPath);
    if (result === null) return RuleResult.failed(reader.error!);
    abort = result;
  }

  if (delay === null && abort === null && !headerOnly) {
    return RuleResult.failed(new FaultConfigError(
      FaultConfigErrorCode.INVALID, path.length == 0 ? "(configuration)" : path,
      "no fault to inject; configure \"delay\", \"abort\" (or \"faults\"), or enable \"headerControl\"",
    ));
  }
  return new RuleResult(new FaultRule(index, matchResult.match!, delay, abort), null);
}

/** Reads delay and abort fields, keeping the first problem in `error` (AssemblyScript has no tuples). */
class FieldReader {
  error: FaultConfigError | null = null;

  private fail(error: FaultConfigError): void {
    this.error = error;
  }

  /** `fixedDelay` ("200ms") or `fixedDelayMs` (200), exactly one; -1 on error. */
  readDelayMs(json: JsonValue, path: string): i64 {
    const text = json.get("fixedDelay");
    const number = json.get("fixedDelayMs");
    if (text !== null && number !== null) {
      this.fail(new FaultConfigError(FaultConfigErrorCode.INVALID, fieldPath(path, "fixedDelayMs"), "give either \"fixedDelay\" or \"fixedDelayMs\", not both"));
      return -1;
    }
    if (text !== null) {
      const textPath = fieldPath(path, "fixedDelay");
      if (!text.isString()) {
        this.fail(typeError(textPath, "a duration string such as \"200ms\"", text));
        return -1;
      }
      const parsed = parseDuration(text.asString());
      if (!parsed.ok) {
        this.fail(new FaultConfigError(FaultConfigErrorCode.INVALID, textPath, parsed.reason));
        return -1;
      }
      return parsed.milliseconds;
    }
    if (number !== null) {
      const numberPath = fieldPath(path, "fixedDelayMs");
      if (!isInteger(number)) {
        this.fail(typeError(numberPath, "a whole number of milliseconds", number));
        return -1;
      }
      const value = number.asNumber();
      if (value < 0 || value > <f64>MAX_DELAY_MS) {
        this.fail(rangeError(numberPath, value < 0 ? "a non-negative delay (a delay cannot be negative)" : "at most 3600000 (one hour)", number));
        return -1;
      }
      return <i64>value;
    }
    this.fail(new FaultConfigError(FaultConfigErrorCode.INVALID, path, "missing \"fixedDelay\" (e.g. \"200ms\") or \"fixedDelayMs\""));
    return -1;
  }

  /** `percentage` (Istio `{value}`, a bare percent, or Envoy's fraction); 100% when absent, as in Istio. */
  readPercentage(json: JsonValue, path: string): Percentage | null {
    const value = json.get("percentage");
    if (value === null) return Percentage.ofPercent(100);
    const parsed = parsePercentage(value, fieldPath(path, "percentage"));
    if (!parsed.ok) {
      this.fail(FaultConfigError.fromMatch(parsed.error!));
      return null;
    }
    return parsed.percentage;
  }

  readAbort(json: JsonValue, path: string): AbortFault | null {
    let httpStatus = NO_STATUS;
    const httpJson = json.get("httpStatus");
    if (httpJson !== null) {
      const httpPath = fieldPath(path, "httpStatus");
      if (!isInteger(httpJson)) {
        this.fail(typeError(httpPath, "an HTTP status code (integer)", httpJson));
        return null;
      }
      const value = httpJson.asNumber();
      if (value < 200 || value > 599) {
        this.fail(rangeError(httpPath, "an HTTP status from 200 to 599", httpJson));
        return null;
      }
      httpStatus = <i32>value;
    }
    let grpcStatus = NO_STATUS;
    const grpcJson = json.get("grpcStatus");
    if (grpcJson !== null) {
      grpcStatus = this.readGrpcStatus(grpcJson, fieldPath(path, "grpcStatus"));
      if (grpcStatus == NO_STATUS) return null;
    }
    if (httpStatus == NO_STATUS && grpcStatus == NO_STATUS) {
      this.fail(new FaultConfigError(FaultConfigErrorCode.INVALID, path, "missing \"httpStatus\" or \"grpcStatus\""));
      return null;
    }
    const percentage = this.readPercentage(json, path);
    if (percentage === null) return null;
    return new AbortFault(httpStatus, grpcStatus, percentage);
  }

  /** A gRPC status by canonical name ("UNAVAILABLE") or number (14); NO_STATUS on error. */
  private readGrpcStatus(json: JsonValue, path: string): i32 {
    if (json.isString()) {
      const code = grpcStatusByName(json.asString());
      if (code < 0) {
        this.fail(new FaultConfigError(
          FaultConfigErrorCode.INVALID, path,
          "unknown gRPC status name " + json.toString() + "; use a canonical name such as \"UNAVAILABLE\" or a code from 0 to 16",
        ));
        return NO_STATUS;
      }
      return code;
    }
    if (!isInteger(json)) {
      this.fail(typeError(path, "a gRPC status name or a code from 0 to 16", json));
      return NO_STATUS;
    }
    const value = json.asNumber();
    if (value < 0 || value > <f64>GRPC_STATUS_MAX) {
      this.fail(rangeError(path, "a gRPC status code from 0 to 16", json));
      return NO_STATUS;
    }
    return <i32>value;
  }
}
