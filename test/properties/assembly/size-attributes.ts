// The size attributes Envoy's access logs use, through the SDK's helpers.

import { request, response } from "@envoyscript/sdk/assembly";

/** {"requestSize":..,"requestTotalSize":..,"responseSize":..,"responseTotalSize":..} (-1 when absent). */
export function sizeAttributes(): string {
  return "{\"requestSize\":" + request.size().toString() +
    ",\"requestTotalSize\":" + request.totalSize().toString() +
    ",\"responseSize\":" + response.size().toString() +
    ",\"responseTotalSize\":" + response.totalSize().toString() + "}";
}
