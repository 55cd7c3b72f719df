// tcp-filter: a network (L4) filter in front of tcp_proxy. It counts the bytes
// going each way (metrics, and a summary log line per connection), logs the
// first line each client sends, and closes connections whose first bytes are
// a forbidden prefix before any of them reach the upstream.
// Configuration: {"denyPrefix": "BLOCK"} (optional; without it nothing is closed)

export * from "@envoyscript/sdk/assembly/proxy";
import {
  BufferType,
  Counter,
  FilterConnection,
  FilterRoot,
  FilterStatus,
  JsonField,
  RootContext,
  StreamType,
  TcpContext,
  closeStream,
  getBufferBytes,
  getBufferString,
  log,
  registerRootContext,
} from "@envoyscript/sdk/assembly";

/** The first line is logged once this many characters arrived without a newline. */
const FIRST_LINE_MAX_LENGTH: i32 = 256;

class TcpFilterConfig {
  readonly bytesFromClient: Counter = new Counter("tcp_filter_bytes_from_client");
  readonly bytesFromUpstream: Counter = new Counter("tcp_filter_bytes_from_upstream");
  readonly deniedConnections: Counter = new Counter("tcp_filter_denied_connections");

  /** The first bytes that close a connection; empty: none. */
  constructor(public readonly denyPrefix: ArrayBuffer) {}
}

class TcpFilterRoot extends FilterRoot<TcpFilterConfig> {
  readConfig(root: JsonField): TcpFilterConfig {
    root.checkFields(["denyPrefix"]);
    return new TcpFilterConfig(String.UTF8.encode(root.field("denyPrefix").asString("")));
  }

  onConfigured(config: TcpFilterConfig): void {
    config.bytesFromClient.define();
    config.bytesFromUpstream.define();
    config.deniedConnections.define();
  }

  newConnection(contextId: u32, config: TcpFilterConfig): TcpContext {
    return new FilteredConnection(contextId, this, config);
  }
}

/** What the client's first bytes say about the deny prefix. */
enum Verdict {
  Allow,
  Deny,
  /** The bytes so far are the start of the prefix: wait for more. */
  Undecided,
}

class FilteredConnection extends FilterConnection<TcpFilterConfig> {
  verdict: Verdict = Verdict.Undecided;
  firstLine: string | null = null;
  head: string = "";
  clientBytes: u64 = 0;
  upstreamBytes: u64 = 0;

  onDownstreamData(dataSize: u32, endOfStream: bool): FilterStatus {
    if (this.verdict == Verdict.Undecided) {
      this.verdict = judge(endOfStream, this.config.denyPrefix);
      if (this.verdict == Verdict.Deny) {
        this.config.deniedConnections.increment();
        log.info("tcp-filter: closing a connection that starts with the deny prefix");
        closeStream(StreamType.Downstream);
        return FilterStatus.StopIteration;
      }
      // Envoy keeps the data and offers it again, with what comes next.
      if (this.verdict == Verdict.Undecided) return FilterStatus.StopIteration;
    }
    // The end-of-stream call may carry no bytes, and Envoy refuses a counter increment of 0.
    if (dataSize == 0) return FilterStatus.Continue;
    this.clientBytes += dataSize;
    this.config.bytesFromClient.increment(dataSize);
    if (this.firstLine === null) this.watchForFirstLine(dataSize);
    return FilterStatus.Continue;
  }

  onUpstreamData(dataSize: u32, endOfStream: bool): FilterStatus {
    if (dataSize == 0) return FilterStatus.Continue;
    this.upstreamBytes += dataSize;
    this.config.bytesFromUpstream.increment(dataSize);
    return FilterStatus.Continue;
  }

  /** Called once the connection is over (`proxy_on_log`). */
  onLog(): void {
    if (this.firstLine === null && this.head.length > 0) this.logFirstLine(this.head);
    log.info("tcp-filter: connection closed, " + this.clientBytes.toString() + " bytes from the client, " + this.upstreamBytes.toString() + " from the upstream");
  }

  /** Collects the client's bytes until the first newline (or FIRST_LINE_MAX_LENGTH), then logs that line. */
  private watchForFirstLine(dataSize: u32): void {
    const wanted = FIRST_LINE_MAX_LENGTH - this.head.length;
    const chunk = getBufferString(BufferType.DownstreamData, 0, min(dataSize, <u32>wanted));
    if (chunk === null) return;
    this.head += chunk;
    const newline = this.head.indexOf("\n");
    if (newline >= 0) this.logFirstLine(this.head.substring(0, newline));
    else if (this.head.length >= FIRST_LINE_MAX_LENGTH) this.logFirstLine(this.head);
  }

  private logFirstLine(line: string): void {
    const firstLine = line.endsWith("\r") ? line.substring(0, line.length - 1) : line;
    this.firstLine = firstLine;
    this.head = "";
    log.info("tcp-filter: first line: " + firstLine);
  }
}

/** Compares the client's first bytes (all that Envoy holds so far) with the prefix. */
function judge(endOfStream: bool, prefix: ArrayBuffer): Verdict {
  if (prefix.byteLength == 0) return Verdict.Allow;
  const head = getBufferBytes(BufferType.DownstreamData, 0, <u32>prefix.byteLength);
  if (head === null) return Verdict.Allow;
  const compared = min(head.byteLength, prefix.byteLength);
  if (memory.compare(changetype<usize>(head), changetype<usize>(prefix), <usize>compared) != 0) return Verdict.Allow;
  if (head.byteLength == prefix.byteLength) return Verdict.Deny;
  // A client that stops after part of the prefix did not send it.
  return endOfStream ? Verdict.Allow : Verdict.Undecided;
}

registerRootContext((contextId: u32, rootId: string): RootContext => new TcpFilterRoot(contextId, rootId, "tcp-filter"), "tcp-filter");
