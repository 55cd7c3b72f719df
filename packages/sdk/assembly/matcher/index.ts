// The shared request matcher: Istio HTTPMatchRequest semantics configured
// from JSON through the configuration reader, plus percentages and sampling.
// See README.md for the JSON shape.

export { readRequestMatch, MATCH_FIELDS } from "./read-request-match";
export { RequestMatch, MatchAlternative, Condition } from "./request-match";
export { StringMatch, StringMatchKind, StringMatchKinds, readStringMatch, stringMatchKindName } from "./string-match";
export { RequestView, RequestPart } from "./request-view";
export { HeaderSource, PairsHeaderSource, SerializedHeaderSource } from "./header-source";
export { NO_SERIALIZED_VALUE, firstSerializedValue, firstSerializedValueSpan, joinSerializedValues } from "./serialized-headers";
export { HostRequestHeaders, hostRequestView } from "./host-request-headers";
export { Percentage, readPercentage, PER_MILLION } from "./percentage";
export { sample, sampleByHash, drawPerMillion } from "./sampler";
export { lowerAscii, regionEqualsFolded } from "../text/ascii-case";
