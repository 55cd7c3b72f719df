// Which properties the host answers in which HTTP callback: for each path
// asked for (x-probe-callbacks: "request/path,response/code"), the
// `proxy_get_property` status (0 found, 1 not found) and, when found, the
// value's bytes in hex, in every callback the request goes through, logged
// in onLog as "probe-callbacks: {"onRequestHeaders":{"request/path":"0:2f63",...},...}".

import { proxy_get_property } from "@envoyscript/sdk/assembly/imports";
import { OUT_PTR, OUT_SIZE, clearOut, takeBytes } from "@envoyscript/sdk/assembly/memory";
import { hex } from "./raw-property";

export class CallbackStatuses {
  private entries: string[] = new Array<string>();

  constructor(private paths: string[]) {}

  /** Records the status of every path in `callback`. */
  record(callback: string): void {
    const statuses = new Array<string>();
    for (let i = 0; i < this.paths.length; i++) statuses.push("\"" + this.paths[i] + "\":\"" + answerOf(this.paths[i]) + "\"");
    this.entries.push("\"" + callback + "\":{" + statuses.join(",") + "}");
  }

  toJson(): string {
    return "{" + this.entries.join(",") + "}";
  }
}

/** `<status>:<hex of the value>`. */
function answerOf(path: string): string {
  clearOut();
  const encoded = String.UTF8.encode(path.split("/").join("\0"));
  const status = proxy_get_property(changetype<usize>(encoded), <usize>encoded.byteLength, OUT_PTR, OUT_SIZE);
  return status.toString() + ":" + (status == 0 ? hex(takeBytes()) : "");
}
