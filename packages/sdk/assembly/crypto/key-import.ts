// The outcome of importing a public key: the key, or why it was refused, as
// a stable code and a message that quotes the value and says what to do.

/** Stable codes for refused keys. */
export namespace KeyImportCode {
  export const OK = "OK";
  /** A JWK member is not canonical unpadded base64url. */
  export const BAD_BASE64URL = "CRYPTO_KEY_BAD_BASE64URL";
  /** The RSA modulus is too small, too large, or even. */
  export const RSA_BAD_MODULUS = "CRYPTO_KEY_RSA_BAD_MODULUS";
  /** The RSA public exponent is even, below 3, or wider than 32 bits. */
  export const RSA_BAD_EXPONENT = "CRYPTO_KEY_RSA_BAD_EXPONENT";
  /** The EC curve is not P-256 or P-384. */
  export const EC_UNSUPPORTED_CURVE = "CRYPTO_KEY_EC_UNSUPPORTED_CURVE";
  /** An EC coordinate does not have the curve's byte length, or is not below p. */
  export const EC_BAD_COORDINATE = "CRYPTO_KEY_EC_BAD_COORDINATE";
  /** The EC point does not satisfy the curve equation. */
  export const EC_POINT_NOT_ON_CURVE = "CRYPTO_KEY_EC_POINT_NOT_ON_CURVE";
}

/** A public key, or the reason it could not be imported. */
export class KeyImportResult<T> {
  constructor(
    /** The key, or null when refused. */
    public readonly key: T | null,
    /** `KeyImportCode.OK` or the refusal's code. */
    public readonly code: string,
    /** Empty when imported; otherwise what is wrong and what to do. */
    public readonly message: string,
  ) {}

  get ok(): bool {
    return this.key !== null;
  }
}

/** A successful import of `key`. */
export function keyImported<T>(key: T): KeyImportResult<T> {
  return new KeyImportResult<T>(key, KeyImportCode.OK, "");
}

/** A refused import. */
export function keyRefused<T>(code: string, message: string): KeyImportResult<T> {
  return new KeyImportResult<T>(null, code, message);
}

/** `text` cut to a length fit for an error message. */
export function quoteForMessage(text: string): string {
  const limit = 40;
  return "\"" + (text.length > limit ? text.slice(0, limit) + "..." : text) + "\"";
}
