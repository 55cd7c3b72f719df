// The four metrics of one label set, in the style of Istio's standard metrics:
// a request counter, a duration histogram (milliseconds) and request/response
// size histograms (bytes, headers included). Defined with the host once, on
// first use, then updated by id.

import { Counter, Histogram } from "@envoyscript/sdk/assembly";
import { seriesName } from "./series-name";

export const REQUESTS_TOTAL = "requests_total";
export const REQUEST_DURATION = "request_duration_milliseconds";
export const REQUEST_BYTES = "request_bytes";
export const RESPONSE_BYTES = "response_bytes";

export class RequestSeries {
  readonly requests: Counter;
  readonly duration: Histogram;
  readonly requestBytes: Histogram;
  readonly responseBytes: Histogram;

  constructor(prefix: string, encodedLabels: string) {
    this.requests = new Counter(seriesName(prefix + REQUESTS_TOTAL, encodedLabels));
    this.duration = new Histogram(seriesName(prefix + REQUEST_DURATION, encodedLabels));
    this.requestBytes = new Histogram(seriesName(prefix + REQUEST_BYTES, encodedLabels));
    this.responseBytes = new Histogram(seriesName(prefix + RESPONSE_BYTES, encodedLabels));
  }
}
