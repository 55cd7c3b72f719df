/**
 * What the client got from an exchange. The views a test may read (header
 * record and list, body text, trailers) are built on first read: most
 * tests read a few fields, and a benchmark none.
 */
import { type Chunk, chunkBytes } from "./body-buffer.ts";
import type { HeaderMap } from "./header-map.ts";
import type { ExchangeResult } from "./stream-types.ts";
import type { UpstreamRequest } from "./upstream.ts";

export interface ExchangeFacts {
  readonly upstreamRequest: UpstreamRequest | null;
  readonly localReply: boolean;
  readonly trapped: boolean;
  readonly reset: boolean;
  readonly details: string;
}

export class ClientResponse implements ExchangeResult {
  readonly status: number;
  readonly upstreamRequest: UpstreamRequest | null;
  readonly localReply: boolean;
  readonly trapped: boolean;
  readonly reset: boolean;
  readonly details: string;
  private headerRecord: Record<string, string> | undefined;
  private headerPairs: Array<[string, string]> | undefined;
  private text: string | undefined;
  private bytes: Uint8Array | undefined;
  private trailerRecord: Record<string, string> | null | undefined;

  constructor(
    /** The response headers the client got (`:status` included), or null when it got none. */
    private readonly map: HeaderMap | null,
    private readonly bodyChunk: Chunk,
    private readonly trailerMap: HeaderMap | null,
    facts: ExchangeFacts,
  ) {
    this.status = map === null ? 0 : Number(map.getLowerCase(":status") ?? 0);
    this.upstreamRequest = facts.upstreamRequest;
    this.localReply = facts.localReply;
    this.trapped = facts.trapped;
    this.reset = facts.reset;
    this.details = facts.details;
  }

  get headers(): Record<string, string> {
    return (this.headerRecord ??= this.map === null ? {} : this.map.toRecord());
  }

  get headerList(): Array<[string, string]> {
    return (this.headerPairs ??= this.map === null ? [] : this.map.toList().filter(([key]) => key !== ":status"));
  }

  get bodyBytes(): Uint8Array {
    return (this.bytes ??= chunkBytes(this.bodyChunk));
  }

  get body(): string {
    const bytes = this.bodyBytes;
    return (this.text ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  }

  get trailers(): Record<string, string> | null {
    if (this.trailerRecord === undefined) this.trailerRecord = this.trailerMap === null ? null : this.trailerMap.toRecord();
    return this.trailerRecord;
  }

  toJSON(): ExchangeResult {
    const { status, headers, headerList, body, bodyBytes, trailers, upstreamRequest, localReply, trapped, reset, details } = this;
    return { status, headers, headerList, body, bodyBytes, trailers, upstreamRequest, localReply, trapped, reset, details };
  }
}
