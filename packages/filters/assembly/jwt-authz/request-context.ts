// One request through the filter: authenticate (or wait for the JWKS), copy
// claims to headers, then judge the request by the policies.

import { HttpContext } from "@envoyscript/sdk/assembly/contexts/http-context";
import { FilterHeadersStatus, LogLevel } from "@envoyscript/sdk/assembly/enums";
import { continueRequest } from "@envoyscript/sdk/assembly/stream";
import { log } from "@envoyscript/sdk/assembly/logging";
import { AuthnResult, AuthnState } from "./authn/authenticator";
import { JwksWaiter } from "./authn/remote-jwks";
import { applyHeaderOutputs } from "./authn/header-outputs";
import { RequestAttributes } from "./authz/request-attributes";
import { evaluatePolicies } from "./authz/policy";
import { failureCode, failureMessage } from "./jwt/jwt-failure";
import { sendForbidden, sendUnauthorized } from "./responses";
import { JwtAuthzRoot } from "./plugin-root";

export class JwtAuthzRequest extends HttpContext {
  private waiting: AuthnResult | null = null;
  private resumer: RequestResumer | null = null;

  get plugin(): JwtAuthzRoot {
    return <JwtAuthzRoot>this.root;
  }

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const plugin = this.plugin;
    const result = plugin.authenticate();
    if (result.state == AuthnState.NeedsKeys) {
      const resumer = new RequestResumer(this);
      if (result.provider!.remote!.wait(resumer, plugin.nowMilliseconds())) {
        this.waiting = result;
        this.resumer = resumer;
        if (log.enabled(LogLevel.Debug)) log.debug("jwt-authz: request waits for the JWKS of issuer \"" + result.provider!.config.issuer + "\"");
        return FilterHeadersStatus.StopIteration;
      }
      return this.decide(plugin.authenticator.completeWithKeys(result)) ? FilterHeadersStatus.Continue : FilterHeadersStatus.StopIteration;
    }
    return this.decide(result) ? FilterHeadersStatus.Continue : FilterHeadersStatus.StopIteration;
  }

  /** The JWKS fetch ended while this request waited (its context is effective). */
  resumeAfterKeys(): void {
    const pending = this.waiting;
    if (pending === null) return;
    this.waiting = null;
    this.resumer = null;
    if (this.decide(this.plugin.authenticator.completeWithKeys(pending))) continueRequest();
  }

  onDelete(): void {
    const pending = this.waiting;
    const resumer = this.resumer;
    if (pending !== null && resumer !== null) pending.provider!.remote!.forget(resumer);
    this.waiting = null;
    this.resumer = null;
  }

  /** Answers 401 or 403, or prepares the request to go on; true when it may continue. */
  private decide(result: AuthnResult): bool {
    const plugin = this.plugin;
    const metrics = plugin.metrics;
    if (result.state == AuthnState.Failed) {
      metrics.rejected.increment();
      if (log.enabled(LogLevel.Debug)) log.debug("jwt-authz: token refused: " + failureCode(result.failure));
      sendUnauthorized(failureMessage(result.failure));
      return false;
    }
    const identity = result.identity;
    if (identity !== null) {
      metrics.authenticated.increment();
      applyHeaderOutputs(result.provider!.config, identity, result.found);
    } else {
      metrics.unauthenticated.increment();
    }
    const decision = evaluatePolicies(plugin.policies, new RequestAttributes(identity));
    for (let i = 0; i < decision.audited.length; i++) {
      metrics.audited.increment();
      log.info("jwt-authz: AUDIT policy \"" + unchecked(decision.audited[i]) + "\" matched, principal " + (identity === null ? "(none)" : identity.principal));
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
