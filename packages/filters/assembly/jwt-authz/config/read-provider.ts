// Reads one `jwtRules` entry (Istio's RequestAuthentication JWTRule) into a
// ProviderConfig, once, at configure time.

import { ConfigErrorCode, JsonField } from "@envoyscript/sdk/assembly";
import { base64Decode, base64UrlDecode } from "@envoyscript/sdk/assembly/crypto";
import { Jwk, parseJwks, parseJwksText, secretKey } from "../jwt/jwk-set";
import { JwtAlg } from "../jwt/jwt-algorithm";
import { TokenLocation, defaultLocations } from "../authn/token-location";
import { ClaimToHeader, ProviderConfig } from "./provider-config";
import { JwksUri, parseJwksUri } from "./jwks-uri";
import { JwtAuthzErrorCode } from "./codes";

export const RULE_FIELDS: string[] = [
  "issuer", "audiences", "jwks", "jwksUri", "jwksCluster", "jwksCacheSeconds", "jwksTimeoutMs",
  "fromHeaders", "fromParams", "forwardOriginalToken", "outputPayloadToHeader", "outputClaimToHeaders",
  "clockSkewSeconds", "hmacSecret", "payloadInMetadata",
];

/** Reads `jwtRules[i]`; `meshMode` makes keys optional (Envoy's jwt_authn verifies). */
export function readProvider(rule: JsonField, meshMode: bool): ProviderConfig {
  rule.checkFields(RULE_FIELDS);
  const issuer = rule.field("issuer").asNonEmptyString("", true);
  const keys = new Array<Jwk>();
  readInlineJwks(rule.field("jwks"), keys);
  const jwksUri = readJwksUri(rule);
  readHmacSecret(rule.field("hmacSecret"), keys);
  if (!meshMode && keys.length == 0 && jwksUri === null && !rule.config.failed) {
    rule.refuse(JwtAuthzErrorCode.NO_KEYS, "a provider needs \"jwks\", \"jwksUri\" or \"hmacSecret\" in verify mode");
  }
  const cluster = rule.field("jwksCluster");
  return new ProviderConfig(
    issuer,
    rule.field("audiences").asStringArray(),
    keys,
    jwksUri,
    jwksUri === null ? "" : cluster.asNonEmptyString(jwksUri.meshCluster),
    rule.field("jwksCacheSeconds").asInteger(300, 1, 604800),
    rule.field("jwksTimeoutMs").asInteger(5000, 1, 60000),
    readLocations(rule),
    rule.field("forwardOriginalToken").asBool(false),
    rule.field("outputPayloadToHeader").asHeaderName(""),
    readClaimOutputs(rule.field("outputClaimToHeaders")),
    rule.field("clockSkewSeconds").asInteger(60, 0, 86400),
    rule.field("payloadInMetadata").asString(issuer),
  );
}

function readLocations(rule: JsonField): TokenLocation[] {
  const locations = new Array<TokenLocation>();
  const headers = rule.field("fromHeaders").items();
  for (let i = 0; i < headers.length; i++) {
    const header = unchecked(headers[i]);
    header.checkFields(["name", "prefix"]);
    locations.push(new TokenLocation(header.field("name").asHeaderName("", false, true), header.field("prefix").asString(""), true));
  }
  const params = rule.field("fromParams").items();
  for (let i = 0; i < params.length; i++) locations.push(new TokenLocation(unchecked(params[i]).asNonEmptyString("", true), "", false));
  return locations.length == 0 ? defaultLocations() : locations;
}

function readClaimOutputs(field: JsonField): ClaimToHeader[] {
  const outputs = new Array<ClaimToHeader>();
  const items = field.items();
  for (let i = 0; i < items.length; i++) {
    const output = unchecked(items[i]);
    output.checkFields(["header", "claim"]);
    outputs.push(new ClaimToHeader(output.field("header").asHeaderName("", false, true), output.field("claim").asNonEmptyString("", true)));
  }
  return outputs;
}

function readInlineJwks(field: JsonField, keys: Jwk[]): void {
  const value = field.value;
  if (value === null) return;
  // Istio writes the JWKS as a string holding JSON; an object is accepted too.
  if (!value.isString() && !value.isObject()) {
    field.reportType("a JWKS as a JSON string or an object", value);
    return;
  }
  const parsed = value.isString() ? parseJwksText(value.asString()) : parseJwks(value);
  const parsedKeys = parsed.keys;
  if (parsedKeys === null) {
    field.refuse(JwtAuthzErrorCode.JWKS, "bad JWKS: " + parsed.error);
    return;
  }
  for (let i = 0; i < parsedKeys.length; i++) keys.push(unchecked(parsedKeys[i]));
}

/** `jwksUri` (exclusive with `jwks`); `jwksCluster` only with it. */
function readJwksUri(rule: JsonField): JwksUri | null {
  const uriField = rule.field("jwksUri");
  if (!uriField.present) {
    if (rule.field("jwksCluster").present) uriField.require("\"jwksCluster\" names the cluster to fetch \"jwksUri\" through");
    return null;
  }
  if (rule.field("jwks").present) {
    uriField.refuse(ConfigErrorCode.EXCLUSIVE, "give either \"jwks\" or \"jwksUri\", not both");
    return null;
  }
  const text = uriField.asString("", true);
  if (rule.config.failed) return null;
  const uri = parseJwksUri(text);
  if (uri === null) uriField.refuse(ConfigErrorCode.FORMAT, "expected an absolute http(s) URL such as \"http://keys.example.com/.well-known/jwks.json\"");
  return uri;
}

function readHmacSecret(field: JsonField, keys: Jwk[]): void {
  if (!field.present) return;
  const text = field.asString("", true);
  if (field.config.failed) return;
  // Standard base64 as Istio-style secrets are written; base64url accepted too.
  let secret = base64Decode(text);
  if (secret === null) secret = base64UrlDecode(text);
  if (secret === null || secret.length < 32) {
    field.refuse(JwtAuthzErrorCode.HMAC_SECRET, "expected the HS256 secret in base64, at least 32 bytes once decoded (RFC 7518 section 3.2)");
    return;
  }
  keys.push(secretKey(secret, null, JwtAlg.Unknown));
}
