// The codes of header-auth's own rules; everything else is refused with the
// SDK's generic codes (E_JSON_*, E_CONFIG_*).

export namespace HeaderAuthErrorCode {
  /** A key shorter than 16 characters: too easy to guess. */
  export const WEAK_KEY = "E_HEADER_AUTH_WEAK_KEY";
}
