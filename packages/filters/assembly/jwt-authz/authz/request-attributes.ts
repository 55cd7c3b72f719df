// The attributes policies look at, read from the host only when a rule asks
// for them and at most once per request.

import { getPropertyInt, getPropertyString, requestHeaders } from "@envoyscript/sdk/assembly";
import { VerifiedIdentity } from "../authn/identity";
import { IncomingHeaders } from "../incoming-headers";
import { IpAddress, ipOfSocketAddress } from "./cidr";

export class RequestAttributes {
  private sourceRead: bool = false;
  private sourceIp: IpAddress | null = null;
  private portRead: bool = false;
  private port: i64 = -1;
  private methodValue: string | null = null;
  private pathValue: string | null = null;
  private hostValue: string | null = null;

  constructor(
    public readonly identity: VerifiedIdentity | null,
    /** The request line (pseudo-headers), which the filter never writes. */
    private readonly incoming: IncomingHeaders,
  ) {}

  get method(): string {
    if (this.methodValue === null) this.methodValue = this.pseudoHeader(":method");
    return this.methodValue!;
  }

  /** The path without its query string, as Istio's `paths` compare it. */
  get path(): string {
    if (this.pathValue === null) {
      const full = this.pseudoHeader(":path");
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
    if (this.hostValue === null) this.hostValue = this.pseudoHeader(":authority");
    return this.hostValue!;
  }

  /**
   * First value of header `name` as the request now stands: read live, after
   * the filter wrote its claim headers (Istio's RBAC sees jwt_authn's).
   */
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

  private pseudoHeader(name: string): string {
    const value = this.incoming.first(name);
    return value === null ? "" : value;
  }
}
