// One request through the filter: remove every header the filter may write,
// authenticate (or wait for the JWKS), copy claims to headers, then judge the
// request by the policies.

import { FilterHeadersStatus, FilterRequest, LogLevel, continueRequest, currentTimeMilliseconds, log } from "@envoyscript/sdk/assembly";
import { AuthnResult, AuthnState } from "./authn/authenticator";
import { JwksWaiter, RemoteJwks } from "./authn/remote-jwks";
import { applyHeaderOutputs, stripOutputHeaders } from "./authn/header-outputs";
import { RequestAttributes } from "./authz/request-attributes";
import { evaluatePolicies } from "./authz/policy";
import { JwtFailure, failureCode, failureMessage } from "./jwt/jwt-failure";
import { sendForbidden, sendUnauthorized } from "./responses";
import { JwtAuthzConfig } from "./config/config";
import { IncomingHeaders } from "./incoming-headers";

export class JwtAuthzRequest extends FilterRequest<JwtAuthzConfig> {
  private waiting: AuthnResult | null = null;
  private resumer: RequestResumer | null = null;
  /** The JWKS this request waits for. */
  private waitingFor: RemoteJwks | null = null;
  /** This request already waited for a fetch: it never asks for another. */
  private waitedForKeys: bool = false;
  private incoming: IncomingHeaders | null = null;

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const config = this.config;
    const incoming = config.incomingHeaders();
    this.incoming = incoming;
    // Before anything else, whatever the token: a client's copy of an output header must not reach the upstream.
    stripOutputHeaders(incoming, config.outputHeaders);
    const result = config.authenticate(incoming);
    const provider = result.provider;
    let remote: RemoteJwks | null = null;
    if (provider !== null) remote = provider.remote;
    const mayContinue = result.state == AuthnState.NeedsKeys ? this.verifyOrWait(result, remote) : this.decide(result);
    return mayContinue ? FilterHeadersStatus.Continue : FilterHeadersStatus.StopIteration;
  }

  /** The JWKS fetch ended while this request waited (its context is effective). */
  resumeAfterKeys(): void {
    const pending = this.waiting;
    const remote = this.waitingFor;
    if (pending === null) return;
    this.waiting = null;
    this.resumer = null;
    this.waitingFor = null;
    if (this.verifyOrWait(pending, remote)) continueRequest();
  }

  /**
   * Verifies a token that needs its provider's keys, or parks the request on
   * a JWKS fetch when one can help: the provider has no keys yet, or none
   * with the token's "kid" (a rotation). A request waits at most once, for at
   * most the fetch's timeout. True when the request may continue now.
   */
  private verifyOrWait(pending: AuthnResult, remote: RemoteJwks | null): bool {
    const authenticator = this.config.authenticator;
    if (remote === null || this.waitedForKeys) return this.decide(authenticator.completeWithKeys(pending));
    const now = currentTimeMilliseconds();
    if (pending.provider!.currentKeys() === null) {
      const resumer = new RequestResumer(this);
      return remote.wait(resumer, now) ? this.parked(pending, remote, resumer) : this.decide(authenticator.completeWithKeys(pending));
    }
    const result = authenticator.completeWithKeys(pending);
    if (result.failure == JwtFailure.NoMatchingKey && pending.decoded!.kid !== null) {
      const resumer = new RequestResumer(this);
      if (remote.refetchForUnknownKid(resumer, now)) return this.parked(pending, remote, resumer);
    }
    return this.decide(result);
  }

  /** Remembers what this request waits for; false (it may not continue now). */
  private parked(pending: AuthnResult, remote: RemoteJwks, resumer: RequestResumer): bool {
    // Nothing kept from this callback's reads while the request waits: read again when it resumes.
    this.incoming!.forget();
    this.waiting = pending;
    this.resumer = resumer;
    this.waitingFor = remote;
    this.waitedForKeys = true;
    if (log.enabled(LogLevel.Debug)) log.debug("jwt-authz: request waits for the JWKS of issuer \"" + remote.issuer + "\"");
    return false;
  }

  onDelete(): void {
    const remote = this.waitingFor;
    const resumer = this.resumer;
    if (remote !== null && resumer !== null) remote.forget(resumer);
    this.waiting = null;
    this.resumer = null;
    this.waitingFor = null;
    this.incoming = null;
  }

  /** Answers 401 or 403, or prepares the request to go on; true when it may continue. */
  private decide(result: AuthnResult): bool {
    const config = this.config;
    const metrics = config.metrics;
    const incoming = this.incoming!;
    if (result.state == AuthnState.Failed) {
      metrics.rejected.increment();
      if (log.enabled(LogLevel.Debug)) log.debug("jwt-authz: token refused: " + failureCode(result.failure));
      sendUnauthorized(failureMessage(result.failure), incoming);
      return false;
    }
    const identity = result.identity;
    const provider = result.provider;
    if (identity !== null && provider !== null) {
      metrics.authenticated.increment();
      applyHeaderOutputs(provider.config, identity, result.found);
    } else {
      metrics.unauthenticated.increment();
    }
    const decision = evaluatePolicies(config.policies, new RequestAttributes(identity, incoming));
    const audited = decision.audited;
    if (audited !== null) {
      for (let i = 0; i < audited.length; i++) {
        metrics.audited.increment();
        log.info("jwt-authz: AUDIT policy \"" + unchecked(audited[i]) + "\" matched, principal " + (identity === null ? "(none)" : identity.principal));
      }
    }
    if (!decision.allowed) {
      metrics.denied.increment();
      if (log.enabled(LogLevel.Debug)) log.debug("jwt-authz: denied by " + decision.deniedBy);
      sendForbidden();
      return false;
    }
    metrics.allowed.increment();
    return true;
  }
}

/** Hands the end of a JWKS fetch back to the request that waited for it. */
class RequestResumer extends JwksWaiter {
  constructor(private readonly request: JwtAuthzRequest) {
    super();
  }

  get waiterContextId(): u32 {
    return this.request.contextId;
  }

  onJwksSettled(): void {
    this.request.resumeAfterKeys();
  }
}
