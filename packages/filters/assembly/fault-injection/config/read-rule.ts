// Reads one fault rule, `{match, delay, abort}` as Istio's HTTPRoute `match`
// and HTTPFaultInjection write them, including Istio's deprecated integer
// `delay.percent`.

import { ConfigErrorCode, JsonField, log, quoteJson } from "@envoyscript/sdk/assembly";
import { Percentage, readPercentage, readRequestMatch } from "@envoyscript/sdk/assembly/matcher";
import { AbortFault, DelayFault, FaultRule, NO_STATUS } from "./config";
import { FaultErrorCode } from "./codes";
import { GRPC_STATUS_MAX, GRPC_STATUS_NAMES, grpcStatusByName } from "../grpc-status";

export const RULE_FIELDS: string[] = ["match", "delay", "abort"];
export const DELAY_FIELDS: string[] = ["fixedDelay", "fixedDelayMs", "percentage", "percent"];
export const ABORT_FIELDS: string[] = ["httpStatus", "grpcStatus", "percentage"];

/** The longest delay a configuration may ask for: one hour. */
export const MAX_DELAY_MS: i64 = 3_600_000;

/**
 * Reads the rule fields of `field` (an object whose other members the caller
 * checked): the top level in the single-rule form, `faults[2]` in a list.
 * `headerOnly` allows a rule with neither delay nor abort.
 */
export function readFaultRule(field: JsonField, index: i32, headerOnly: bool): FaultRule {
  const match = readRequestMatch(field.field("match"));
  const delayField = field.field("delay");
  const delay = delayField.present ? readDelay(delayField) : null;
  const abortField = field.field("abort");
  const abort = abortField.present ? readAbort(abortField) : null;
  if (delay === null && abort === null && !headerOnly && !field.config.failed) {
    field.refuse(FaultErrorCode.NOTHING_TO_INJECT, "no fault to inject; configure \"delay\", \"abort\" (or \"faults\"), or enable \"headerControl\"");
  }
  return new FaultRule(index, match, delay, abort);
}

function readDelay(field: JsonField): DelayFault {
  field.checkFields(DELAY_FIELDS);
  return new DelayFault(<u32>readDelayMs(field), readDelayPercentage(field));
}

/** `fixedDelay` ("200ms") or `fixedDelayMs` (200), exactly one. */
function readDelayMs(field: JsonField): i64 {
  const text = field.field("fixedDelay");
  const number = field.field("fixedDelayMs");
  if (text.present && number.present) {
    number.refuse(ConfigErrorCode.EXCLUSIVE, "give either \"fixedDelay\" or \"fixedDelayMs\", not both");
    return 0;
  }
  if (text.present) return text.asDurationMs(0, MAX_DELAY_MS);
  if (number.present) return number.asInteger(0, 0, MAX_DELAY_MS);
  field.refuse(ConfigErrorCode.EXCLUSIVE, "missing \"fixedDelay\" (e.g. \"200ms\") or \"fixedDelayMs\"");
  return 0;
}

/**
 * The share of requests to delay: `percentage` (Istio's `{value}`, a bare
 * percent or Envoy's fraction), else Istio's deprecated integer `percent`
 * (0 to 100). Given both, `percentage` wins and `percent` is ignored, as
 * istiod translates them. 100% when neither is given.
 */
function readDelayPercentage(field: JsonField): Percentage {
  const percentage = field.field("percentage");
  const percent = field.field("percent");
  const whole = percent.asInteger(100, 0, 100);
  if (!percentage.present) return Percentage.ofPercent(<f64>whole);
  if (percent.present && !field.config.failed) {
    log.warn("fault-injection: " + percent.path + " is ignored because " + percentage.path + " is given (Istio reads the deprecated percent only without percentage)");
  }
  return readPercentage(percentage, Percentage.ofPercent(100));
}

function readAbort(field: JsonField): AbortFault {
  field.checkFields(ABORT_FIELDS);
  const httpStatus = <i32>field.field("httpStatus").asInteger(NO_STATUS, 200, 599);
  const grpcStatus = readGrpcStatus(field.field("grpcStatus"));
  if (httpStatus == NO_STATUS && grpcStatus == NO_STATUS && !field.config.failed) {
    field.refuse(ConfigErrorCode.EXCLUSIVE, "missing \"httpStatus\" or \"grpcStatus\"");
  }
  return new AbortFault(httpStatus, grpcStatus, readPercentage(field.field("percentage"), Percentage.ofPercent(100)));
}

/** A gRPC status by canonical name ("UNAVAILABLE") or number (14); NO_STATUS when absent. */
function readGrpcStatus(field: JsonField): i32 {
  const value = field.value;
  if (value === null) return NO_STATUS;
  if (value.isString()) {
    const name = field.asEnum(GRPC_STATUS_NAMES, "");
    return name.length == 0 ? NO_STATUS : grpcStatusByName(name);
  }
  if (!value.isNumber()) {
    field.reportType("a gRPC status name such as " + quoteJson("UNAVAILABLE") + " or a code from 0 to 16", value);
    return NO_STATUS;
  }
  return <i32>field.asInteger(NO_STATUS, 0, GRPC_STATUS_MAX);
}
