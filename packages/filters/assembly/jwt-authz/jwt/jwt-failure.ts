// Why a token was refused: a stable code (logged, counted) and the text of
// the 401 body, worded like Envoy's jwt_authn so operators recognise them.

export enum JwtFailure {
  None = 0,
  Malformed,
  TooLarge,
  BadBase64,
  BadHeader,
  BadPayload,
  AlgNone,
  UnsupportedAlg,
  DuplicateMember,
  BadClaimType,
  Expired,
  NotYetValid,
  UnknownIssuer,
  AudienceNotAllowed,
  NoMatchingKey,
  BadSignature,
  JwksUnavailable,
  UnverifiedInMesh,
}

/** The stable code of `failure`, as it appears in logs. */
export function failureCode(failure: JwtFailure): string {
  switch (failure) {
    case JwtFailure.Malformed: return "JWT_MALFORMED";
    case JwtFailure.TooLarge: return "JWT_TOO_LARGE";
    case JwtFailure.BadBase64: return "JWT_BAD_BASE64URL";
    case JwtFailure.BadHeader: return "JWT_BAD_HEADER";
    case JwtFailure.BadPayload: return "JWT_BAD_PAYLOAD";
    case JwtFailure.AlgNone: return "JWT_ALG_NONE";
    case JwtFailure.UnsupportedAlg: return "JWT_UNSUPPORTED_ALG";
    case JwtFailure.DuplicateMember: return "JWT_DUPLICATE_MEMBER";
    case JwtFailure.BadClaimType: return "JWT_BAD_CLAIM_TYPE";
    case JwtFailure.Expired: return "JWT_EXPIRED";
    case JwtFailure.NotYetValid: return "JWT_NOT_YET_VALID";
    case JwtFailure.UnknownIssuer: return "JWT_UNKNOWN_ISSUER";
    case JwtFailure.AudienceNotAllowed: return "JWT_AUDIENCE_NOT_ALLOWED";
    case JwtFailure.NoMatchingKey: return "JWT_NO_MATCHING_KEY";
    case JwtFailure.BadSignature: return "JWT_BAD_SIGNATURE";
    case JwtFailure.JwksUnavailable: return "JWT_JWKS_UNAVAILABLE";
    case JwtFailure.UnverifiedInMesh: return "JWT_UNVERIFIED_IN_MESH";
    default: return "OK";
  }
}

/** The body of the 401 answer for `failure`. */
export function failureMessage(failure: JwtFailure): string {
  switch (failure) {
    case JwtFailure.Malformed: return "Jwt is not in the form of Header.Payload.Signature";
    case JwtFailure.TooLarge: return "Jwt is too large";
    case JwtFailure.BadBase64: return "Jwt segment is not valid base64url";
    case JwtFailure.BadHeader: return "Jwt header is an invalid JSON";
    case JwtFailure.BadPayload: return "Jwt payload is an invalid JSON";
    case JwtFailure.AlgNone: return "Jwt header [alg] none is not allowed";
    case JwtFailure.UnsupportedAlg: return "Jwt header [alg] is not supported";
    case JwtFailure.DuplicateMember: return "Jwt has a duplicate member";
    case JwtFailure.BadClaimType: return "Jwt has a claim of the wrong type";
    case JwtFailure.Expired: return "Jwt is expired";
    case JwtFailure.NotYetValid: return "Jwt not yet valid";
    case JwtFailure.UnknownIssuer: return "Jwt issuer is not configured";
    case JwtFailure.AudienceNotAllowed: return "Audiences in Jwt are not allowed";
    case JwtFailure.NoMatchingKey: return "Jwks doesn't have key to match kid or alg from Jwt";
    case JwtFailure.BadSignature: return "Jwt verification fails";
    case JwtFailure.JwksUnavailable: return "Jwks remote fetch is failed";
    case JwtFailure.UnverifiedInMesh: return "Jwt was not verified by jwt_authn";
    default: return "";
  }
}
