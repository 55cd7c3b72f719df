// The shared request matcher: Istio HTTPMatchRequest semantics configured
// from JSON, plus percentages and sampling. See README.md for the JSON shape.

export { MatchError, MatchErrorCode } from "./match-error";
export { parseRequestMatch, MatchResult, MATCH_FIELDS } from "./parse-request-match";
export { RequestMatch, MatchAlternative, Condition } from "./request-match";
export { StringMatch, StringMatchKind, StringMatchKinds, StringMatchResult, parseStringMatch, stringMatchKindName } from "./string-match";
export { RequestView, RequestPart } from "./request-view";
export { HeaderSource, PairsHeaderSource, SerializedHeaderSource } from "./header-source";
export { joinSerializedValues } from "./serialized-headers";
export { HostRequestHeaders, hostRequestView } from "./host-request-headers";
export { Percentage, PercentageResult, parsePercentage, PER_MILLION } from "./percentage";
export { sample, sampleByHash, drawPerMillion } from "./sampler";
export { checkObject, describeJson, typeError, memberPath, itemPath } from "./json-shape";
export { lowerAscii } from "./ascii-case";
