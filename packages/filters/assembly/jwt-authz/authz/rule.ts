// One AuthorizationPolicy rule: `from` sources (any may match), `to`
// operations (any may match) and `when` conditions (all must match). Inside
// a source or an operation every field given must match; a missing field
// matches anything; a `not` field must not match.

import { RequestAttributes } from "./request-attributes";
import { StringPattern, anyMatches } from "./string-pattern";
import { CidrBlock } from "./cidr";
import { Condition, anyBlockContains } from "./condition";

export class Source {
  requestPrincipals: StringPattern[] = [];
  notRequestPrincipals: StringPattern[] = [];
  ipBlocks: CidrBlock[] = [];
  notIpBlocks: CidrBlock[] = [];

  matches(request: RequestAttributes): bool {
    const principal = request.principal;
    if (this.requestPrincipals.length > 0 && !anyMatches(this.requestPrincipals, principal)) return false;
    if (anyMatches(this.notRequestPrincipals, principal)) return false;
    if (this.ipBlocks.length == 0 && this.notIpBlocks.length == 0) return true;
    const address = request.sourceAddress;
    if (this.ipBlocks.length > 0 && (address === null || !anyBlockContains(this.ipBlocks, address))) return false;
    return address === null || !anyBlockContains(this.notIpBlocks, address);
  }
}

export class Operation {
  methods: StringPattern[] = [];
  notMethods: StringPattern[] = [];
  paths: StringPattern[] = [];
  notPaths: StringPattern[] = [];
  hosts: StringPattern[] = [];
  notHosts: StringPattern[] = [];
  ports: i64[] = [];
  notPorts: i64[] = [];

  /** Tests the method, path or host (pseudo-headers). */
  get readsRequestLine(): bool {
    return this.methods.length + this.notMethods.length + this.paths.length + this.notPaths.length + this.hosts.length + this.notHosts.length > 0;
  }

  matches(request: RequestAttributes): bool {
    if (!matchesField(this.methods, this.notMethods, request.method)) return false;
    if (!matchesField(this.paths, this.notPaths, request.path)) return false;
    if (this.hosts.length > 0 || this.notHosts.length > 0) {
      const host = request.host;
      const bare = withoutPort(host);
      if (this.hosts.length > 0 && !anyMatches(this.hosts, host) && !anyMatches(this.hosts, bare)) return false;
      if (anyMatches(this.notHosts, host) || anyMatches(this.notHosts, bare)) return false;
    }
    if (this.ports.length == 0 && this.notPorts.length == 0) return true;
    const port = request.destinationPort;
    if (this.ports.length > 0 && !this.ports.includes(port)) return false;
    return !this.notPorts.includes(port);
  }
}

export class Rule {
  from: Source[] = [];
  to: Operation[] = [];
  when: Condition[] = [];

  get readsRequestLine(): bool {
    for (let i = 0; i < this.to.length; i++) if (unchecked(this.to[i]).readsRequestLine) return true;
    return false;
  }

  matches(request: RequestAttributes): bool {
    if (this.from.length > 0 && !anySourceMatches(this.from, request)) return false;
    if (this.to.length > 0 && !anyOperationMatches(this.to, request)) return false;
    for (let i = 0; i < this.when.length; i++) {
      if (!unchecked(this.when[i]).matches(request)) return false;
    }
    return true;
  }
}

function matchesField(patterns: StringPattern[], notPatterns: StringPattern[], value: string): bool {
  if (patterns.length > 0 && !anyMatches(patterns, value)) return false;
  return !anyMatches(notPatterns, value);
}

function anySourceMatches(sources: Source[], request: RequestAttributes): bool {
  for (let i = 0; i < sources.length; i++) if (unchecked(sources[i]).matches(request)) return true;
  return false;
}

function anyOperationMatches(operations: Operation[], request: RequestAttributes): bool {
  for (let i = 0; i < operations.length; i++) if (unchecked(operations[i]).matches(request)) return true;
  return false;
}

/** "example.com:8080" -> "example.com"; "[::1]:80" -> "[::1]"; others unchanged. */
function withoutPort(host: string): string {
  const colon = host.lastIndexOf(":");
  if (colon < 0 || host.lastIndexOf("]") > colon) return host;
  return host.substring(0, colon);
}
