import { generateKeyPairSync, randomBytes, sign, type JsonWebKey } from "node:crypto";

/**
 * The demo's identity provider: an RS256 key pair minted at startup with
 * node:crypto (kept in memory only, never written to disk), its public key
 * as an inline JWKS for jwt-authz, and the tokens the printed curls carry.
 */

export const DEMO_ISSUER = "https://demo.envoyscript.dev";
export const DEMO_AUDIENCE = "reviews";
/** Tokens stay valid this long; the keys die with the process anyway. */
const TOKEN_LIFETIME_SECONDS = 7 * 24 * 3600;

export interface DemoUser {
  readonly sub: string;
  readonly group: string;
}

/** The two demo users: a reviewer and a guest (neither is an admin). */
export const DEMO_USERS: readonly DemoUser[] = [
  { sub: "alice", group: "reviewers" },
  { sub: "bob", group: "guests" },
];

export interface DemoIdentity {
  /** The public key set, `{"keys": [...]}`, for jwt-authz's `jwks`. */
  readonly jwks: { readonly keys: readonly JsonWebKey[] };
  /** A signed token per user, by `sub`. */
  readonly tokens: ReadonlyMap<string, string>;
  /** Alice's header and claims under Bob's signature: well-formed, but its signature does not verify. */
  readonly forgedToken: string;
}

/** Mints a fresh key pair and the demo users' tokens. */
export function mintDemoIdentity(now: Date = new Date()): DemoIdentity {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = `demo-${randomBytes(6).toString("hex")}`;
  const jwk: JsonWebKey = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const issuedAt = Math.floor(now.getTime() / 1000);
  const tokens = new Map<string, string>();
  for (const user of DEMO_USERS) {
    const claims = { iss: DEMO_ISSUER, aud: DEMO_AUDIENCE, sub: user.sub, group: user.group, iat: issuedAt, exp: issuedAt + TOKEN_LIFETIME_SECONDS };
    tokens.set(user.sub, signRs256({ alg: "RS256", typ: "JWT", kid }, claims, privateKey));
  }
  return { jwks: { keys: [jwk] }, tokens, forgedToken: swapSignature(tokens.get("alice")!, tokens.get("bob")!) };
}

function signRs256(header: object, claims: object, privateKey: Parameters<typeof sign>[2]): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign("sha256", Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString("base64url")}`;
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/** `token`'s header and payload with `donor`'s signature. */
function swapSignature(token: string, donor: string): string {
  const signingInput = token.slice(0, token.lastIndexOf("."));
  return `${signingInput}.${donor.slice(donor.lastIndexOf(".") + 1)}`;
}
