// tcp-filter: a network (L4) filter in front of tcp_proxy. It counts the bytes
// going each way (metrics, and a summary log line per connection), logs the
// first line each client sends, and closes connections whose first bytes are
// a forbidden prefix before any of them reach the upstream.
// Configuration: {"denyPrefix": "BLOCK"} (optional; without it nothing is closed)

export * from "@envoyscript/sdk/assembly/proxy";
import {
  BufferType,
  Counter,
  FilterStatus,
  JsonConfig,
  RootContext,
  StreamType,
  TcpContext,
  closeStream,
  getBufferBytes,
  getBufferString,
  getPluginConfiguration,
  log,
  registerRootContext,
} from "@envoyscript/sdk/assembly";

/** The first line is logged once this many characters arrived without a newline. */
const FIRST_LINE_MAX_LENGTH: i32 = 256;

const bytesFromClient = new Counter("tcp_filter_bytes_from_client");
const bytesFromUpstream = new Counter("tcp_filter_bytes_from_upstream");
const deniedConnections = new Counter("tcp_filter_denied_connections");

class TcpFilterRoot extends RootContext {
  denyPrefix: ArrayBuffer = new ArrayBuffer(0);

  onConfigure(pluginConfigurationSize: u32): bool {
    const config = JsonConfig.parse(getPluginConfiguration());
    const denyPrefix = config.root.optionalString("denyPrefix", "");
    if (config.failed) {
      log.error("tcp-filter: " + config.error!.toString());
      return false;
    }
    this.denyPrefix = String.UTF8.encode(denyPrefix);
    return true;
  }

  newTcpContext(contextId: u32): TcpContext | null {
    return new FilteredConnection(contextId, this);
  }
}

/** What the client's first bytes say about the deny prefix. */
enum Verdict {
  Allow,
  Deny,
  /** The bytes so far are the start of the prefix: wait for more. */
  Undecided,
}

class FilteredConnection extends TcpContext {
  verdict: Verdict = Verdict.Undecided;
  firstLine: string | null = null;
  head: string = "";
  clientBytes: u64 = 0;
  upstreamBytes: u64 = 0;

  onDownstreamData(dataSize: u32, endOfStream: bool): FilterStatus {
    if (this.verdict == Verdict.Undecided) {
      this.verdict = judge(endOfStream, (<TcpFilterRoot>this.root).denyPrefix);
      if (this.verdict == Verdict.Deny) {
        deniedConnections.increment();
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
    bytesFromClient.increment(dataSize);
    if (this.firstLine === null) this.watchForFirstLine(dataSize);
    return FilterStatus.Continue;
  }

  onUpstreamData(dataSize: u32, endOfStream: bool): FilterStatus {
    if (dataSize == 0) return FilterStatus.Continue;
    this.upstreamBytes += dataSize;
    bytesFromUpstream.increment(dataSize);
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
    this.firstLine = line.endsWith("\r") ? line.substring(0, line.length - 1) : line;
    this.head = "";
    log.info("tcp-filter: first line: " + this.firstLine!);
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

registerRootContext((contextId: u32, rootId: string): RootContext => new TcpFilterRoot(contextId, rootId), "tcp-filter");
