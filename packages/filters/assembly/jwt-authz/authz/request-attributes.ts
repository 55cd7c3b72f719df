// The attributes policies look at, read from the host only when a rule asks
// for them and at most once per request.

import { getPropertyInt, getPropertyString, requestHeaders } from "@envoyscript/sdk/assembly";
import { VerifiedIdentity } from "../authn/identity";
import { IpAddress, ipOfSocketAddress } from "./cidr";

export class RequestAttributes {
  private sourceRead: bool = false;
  private sourceIp: IpAddress | null = null;
  private portRead: bool = false;
  private port: i64 = -1;
  private methodValue: string | null = null;
  private pathValue: string | null = null;
  private hostValue: string | null = null;

  constructor(public readonly identity: VerifiedIdentity | null) {}

  get method(): string {
    if (this.methodValue === null) this.methodValue = headerOrEmpty(":method");
    return this.methodValue!;
  }

  /** The path without its query string, as Istio's `paths` compare it. */
  get path(): string {
    if (this.pathValue === null) {
      const full = headerOrEmpty(":path");
      const query = full.indexOf("?");
      const fragment = full.indexOf("#");
      let end = full.length;
      if (query >= 0) end = query;
      if (fragment >= 0 && fragment < end) end = fragment;
      this.pathValue = full.substring(0, end);
    }
    return this.pathValue!;
  }

  get host(): string {
    if (this.hostValue === null) this.hostValue = headerOrEmpty(":authority");
    return this.hostValue!;
  }

  header(name: string): string | null {
    return requestHeaders.get(name);
  }

  /** The downstream peer's address (`source.address`), or null when the host does not say. */
  get sourceAddress(): IpAddress | null {
    if (!this.sourceRead) {
      this.sourceRead = true;
      const address = getPropertyString(["source", "address"]);
      this.sourceIp = address === null ? null : ipOfSocketAddress(address);
    }
    return this.sourceIp;
  }

  /** The local port that accepted the connection (`destination.port`), -1 when unknown. */
  get destinationPort(): i64 {
    if (!this.portRead) {
      this.portRead = true;
      this.port = getPropertyInt(["destination", "port"]);
    }
    return this.port;
  }

  get principal(): string | null {
    const identity = this.identity;
    return identity === null ? null : identity.principal;
  }
}

function headerOrEmpty(name: string): string {
  const value = requestHeaders.get(name);
  return value === null ? "" : value;
}
