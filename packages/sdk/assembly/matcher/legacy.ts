// TEMPORARY (removed once every filter reads through config/reader.ts): the
// matcher's old parse functions, over the new readers.

import { JsonValue } from "../json/value";
import { JsonConfig, JsonField, describeValue } from "../config/reader";
import { ConfigError } from "../config/error";
import { readRequestMatch } from "./read-request-match";
import { Percentage, readPercentage } from "./percentage";
import { RequestMatch } from "./request-match";

export { ConfigError as MatchError } from "../config/error";

export class MatchResult {
  constructor(public readonly match: RequestMatch | null, public readonly error: ConfigError | null) {}
  get ok(): bool {
    return this.error === null;
  }
}

export class PercentageResult {
  constructor(public readonly percentage: Percentage | null, public readonly error: ConfigError | null) {}
  get ok(): bool {
    return this.error === null;
  }
}

export function parseRequestMatch(json: JsonValue | null, path: string): MatchResult {
  const config = new JsonConfig(null);
  const match = readRequestMatch(new JsonField(config, json, path, ""));
  return config.error === null ? new MatchResult(match, null) : new MatchResult(null, config.error);
}

export function parsePercentage(json: JsonValue, path: string): PercentageResult {
  const config = new JsonConfig(null);
  const percentage = readPercentage(new JsonField(config, json, path, ""), new Percentage(0));
  return config.error === null ? new PercentageResult(percentage, null) : new PercentageResult(null, config.error);
}

export function describeJson(value: JsonValue): string {
  return describeValue(value);
}
