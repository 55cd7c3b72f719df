// An AuthorizationPolicy and how Istio combines them: any matching DENY
// denies; then, if any ALLOW policy exists, one must match; AUDIT policies
// never change the outcome, they are only reported.

import { RequestAttributes } from "./request-attributes";
import { Rule } from "./rule";

export enum PolicyAction {
  Allow = 0,
  Deny = 1,
  Audit = 2,
}

export class Policy {
  rules: Rule[] = [];
  constructor(public readonly name: string, public readonly action: PolicyAction) {}

  /** Some rule tests the method, path or host. */
  get readsRequestLine(): bool {
    for (let i = 0; i < this.rules.length; i++) if (unchecked(this.rules[i]).readsRequestLine) return true;
    return false;
  }

  /** True when any rule matches; a policy without rules matches nothing (Istio's "allow-nothing"). */
  matches(request: RequestAttributes): bool {
    for (let i = 0; i < this.rules.length; i++) {
      if (unchecked(this.rules[i]).matches(request)) return true;
    }
    return false;
  }
}

/** The outcome for one request: allowed or not, and which policies decided or audited. */
export class Decision {
  allowed: bool = true;
  /** The DENY policy that matched, or "" (for logs). */
  deniedBy: string = "";
  /** AUDIT policies that matched; null for none (most requests: no array to allocate). */
  audited: string[] | null = null;

  audit(policyName: string): void {
    let names = this.audited;
    if (names === null) {
      names = new Array<string>();
      this.audited = names;
    }
    names.push(policyName);
  }
}

export function evaluatePolicies(policies: Policy[], request: RequestAttributes): Decision {
  const decision = new Decision();
  // Audit first, as Istio's audit filter sees every request, denied or not.
  for (let i = 0; i < policies.length; i++) {
    const policy = unchecked(policies[i]);
    if (policy.action == PolicyAction.Audit && policy.matches(request)) decision.audit(policy.name);
  }
  for (let i = 0; i < policies.length; i++) {
    const policy = unchecked(policies[i]);
    if (policy.action == PolicyAction.Deny && policy.matches(request)) {
      decision.allowed = false;
      decision.deniedBy = policy.name;
      return decision;
    }
  }
  let hasAllow = false;
  for (let i = 0; i < policies.length; i++) {
    const policy = unchecked(policies[i]);
    if (policy.action != PolicyAction.Allow) continue;
    hasAllow = true;
    if (policy.matches(request)) return decision;
  }
  if (hasAllow) {
    decision.allowed = false;
    decision.deniedBy = "(no ALLOW policy matched)";
  }
  return decision;
}
