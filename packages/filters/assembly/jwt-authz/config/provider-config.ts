// One `jwtRules` entry (Istio's RequestAuthentication JWTRule): who issues
// the token, where the keys are, where the token travels, what is copied to
// the request. Read and checked once, at configure time.

import { JsonField } from "@envoyscript/sdk/assembly/json/reader";
import { JsonErrorCode } from "@envoyscript/sdk/assembly/json/error";
import { base64Decode, base64UrlDecode } from "@envoyscript/sdk/assembly/crypto/index";
import { Jwk, parseJwks, parseJwksText, secretKey } from "../jwt/jwk-set";
import { JwtAlg } from "../jwt/jwt-algorithm";
import { TokenLocation, defaultLocations } from "../authn/token-location";
import { objectItems, refuseUnknownFields, refuseValue } from "./known-fields";
import { JwksUri, parseJwksUri } from "./jwks-uri";

const RULE_FIELDS: string[] = [
  "issuer", "audiences", "jwks", "jwksUri", "jwksCluster", "jwksCacheSeconds", "jwksTimeoutMs",
  "fromHeaders", "fromParams", "forwardOriginalToken", "outputPayloadToHeader", "outputClaimToHeaders",
  "clockSkewSeconds", "hmacSecret", "payloadInMetadata",
];

/** A claim copied into a request header (`outputClaimToHeaders`). */
export class ClaimToHeader {
  constructor(public readonly header: string, public readonly claim: string) {}
}

export class ProviderConfig {
  issuer: string = "";
  audiences: string[] = [];
  /** Keys known at configure time: an inline JWKS and/or the HMAC secret. */
  staticKeys: Jwk[] = [];
  /** Where to fetch the JWKS, or null when the keys are all inline. */
  jwksUri: JwksUri | null = null;
  jwksCluster: string = "";
  jwksCacheSeconds: i64 = 300;
  jwksTimeoutMs: i64 = 5000;
  locations: TokenLocation[] = [];
  forwardOriginalToken: bool = false;
  outputPayloadToHeader: string = "";
  outputClaimToHeaders: ClaimToHeader[] = [];
  clockSkewSeconds: i64 = 60;
  /** The key under which Envoy's jwt_authn stores this issuer's payload (mesh mode). */
  payloadInMetadata: string = "";
}

/** Reads `jwtRules[i]`; `meshMode` makes keys optional (Envoy's jwt_authn verifies). */
export function readProvider(rule: JsonField, meshMode: bool): ProviderConfig {
  refuseUnknownFields(rule, RULE_FIELDS);
  const provider = new ProviderConfig();
  provider.issuer = rule.requiredString("issuer");
  if (rule.field("issuer").present && provider.issuer.length == 0) refuseValue(rule.field("issuer"), "must not be empty");
  provider.audiences = rule.stringArray("audiences");
  provider.forwardOriginalToken = rule.optionalBool("forwardOriginalToken", false);
  provider.outputPayloadToHeader = rule.optionalString("outputPayloadToHeader", "").toLowerCase();
  provider.clockSkewSeconds = rule.optionalInt("clockSkewSeconds", 60, 0, 86400);
  provider.jwksCacheSeconds = rule.optionalInt("jwksCacheSeconds", 300, 1, 604800);
  provider.jwksTimeoutMs = rule.optionalInt("jwksTimeoutMs", 5000, 1, 60000);
  provider.payloadInMetadata = rule.optionalString("payloadInMetadata", provider.issuer);
  readLocations(rule, provider);
  readClaimOutputs(rule, provider);
  readKeys(rule, provider, meshMode);
  return provider;
}

function readLocations(rule: JsonField, provider: ProviderConfig): void {
  const headers = objectItems(rule, "fromHeaders");
  for (let i = 0; i < headers.length; i++) {
    const header = unchecked(headers[i]);
    refuseUnknownFields(header, ["name", "prefix"]);
    const name = header.requiredString("name").toLowerCase();
    if (header.field("name").present && name.length == 0) refuseValue(header.field("name"), "must not be empty");
    provider.locations.push(new TokenLocation(name, header.optionalString("prefix", ""), true));
  }
  const params = rule.stringArray("fromParams");
  for (let i = 0; i < params.length; i++) {
    if (unchecked(params[i]).length == 0) refuseValue(rule.field("fromParams").item(i), "must not be empty");
    provider.locations.push(new TokenLocation(unchecked(params[i]), "", false));
  }
  if (provider.locations.length == 0) provider.locations = defaultLocations();
}

function readClaimOutputs(rule: JsonField, provider: ProviderConfig): void {
  const outputs = objectItems(rule, "outputClaimToHeaders");
  for (let i = 0; i < outputs.length; i++) {
    const output = unchecked(outputs[i]);
    refuseUnknownFields(output, ["header", "claim"]);
    const header = output.requiredString("header").toLowerCase();
    const claim = output.requiredString("claim");
    if (output.field("header").present && header.length == 0) refuseValue(output.field("header"), "must not be empty");
    if (output.field("claim").present && claim.length == 0) refuseValue(output.field("claim"), "must not be empty");
    provider.outputClaimToHeaders.push(new ClaimToHeader(header, claim));
  }
}

function readKeys(rule: JsonField, provider: ProviderConfig, meshMode: bool): void {
  readInlineJwks(rule.field("jwks"), provider);
  readRemoteJwks(rule, provider);
  readHmacSecret(rule.field("hmacSecret"), provider);
  const hasKeys = provider.staticKeys.length > 0 || provider.jwksUri !== null;
  if (!meshMode && !hasKeys && !rule.config.failed) {
    rule.config.report(JsonErrorCode.MISSING, rule.path + ".jwks", "a provider needs \"jwks\", \"jwksUri\" or \"hmacSecret\" in verify mode");
  }
}

function readInlineJwks(field: JsonField, provider: ProviderConfig): void {
  const value = field.value;
  if (value === null) return;
  // Istio writes the JWKS as a string holding JSON; an object is accepted too.
  if (!value.isString() && !value.isObject()) {
    field.config.report(JsonErrorCode.TYPE, field.path, "expected a JWKS as a JSON string or an object");
    return;
  }
  const parsed = value.isString() ? parseJwksText(value.asString()) : parseJwks(value);
  if (!parsed.ok) {
    refuseValue(field, "bad JWKS: " + parsed.error);
    return;
  }
  const keys = parsed.keys!;
  for (let i = 0; i < keys.length; i++) provider.staticKeys.push(unchecked(keys[i]));
}

function readRemoteJwks(rule: JsonField, provider: ProviderConfig): void {
  const uriField = rule.field("jwksUri");
  if (!uriField.present) {
    if (rule.field("jwksCluster").present) refuseValue(rule.field("jwksCluster"), "needs \"jwksUri\"");
    return;
  }
  if (rule.field("jwks").present) {
    refuseValue(uriField, "give either \"jwks\" or \"jwksUri\", not both");
    return;
  }
  const uri = parseJwksUri(rule.requiredString("jwksUri"));
  if (uri === null) {
    refuseValue(uriField, "expected an absolute http(s) URL such as \"http://keys.example.com/.well-known/jwks.json\"");
    return;
  }
  provider.jwksUri = uri;
  provider.jwksCluster = rule.requiredString("jwksCluster");
}

function readHmacSecret(field: JsonField, provider: ProviderConfig): void {
  if (!field.present) return;
  const text = field.asString("", true);
  if (field.config.failed) return;
  // Standard base64 as Istio-style secrets are written; base64url accepted too.
  let secret = base64Decode(text);
  if (secret === null) secret = base64UrlDecode(text);
  if (secret === null || secret.length < 32) {
    refuseValue(field, "expected the HS256 secret in base64, at least 32 bytes once decoded (RFC 7518 section 3.2)");
    return;
  }
  provider.staticKeys.push(secretKey(secret, null, JwtAlg.Unknown));
}
