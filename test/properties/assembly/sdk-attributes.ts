// What the SDK's attribute helpers answer, as one JSON object.

import { JsonValue, metadata, node, route } from "@envoyscript/sdk/assembly";
import { quoteJson } from "@envoyscript/sdk/assembly/json/value";

const JWT_AUTHN = "envoy.filters.http.jwt_authn";

function text(value: string | null): string {
  return value === null ? "null" : quoteJson(value);
}

function json(value: JsonValue | null): string {
  return value === null ? "null" : value.toString();
}

/** The node helpers (available in every callback). */
export function nodeAttributes(): string {
  return "{\"nodeId\":" + text(node.id()) + ",\"nodeCluster\":" + text(node.cluster()) + ",\"nodeMetadata\":" + json(node.metadata()) + "}";
}

/** The node helpers, and the stream's route and dynamic metadata (stream callbacks). */
export function streamAttributes(): string {
  return "{\"node\":" + nodeAttributes() +
    ",\"routeName\":" + text(route.name()) +
    ",\"virtualHostName\":" + text(route.virtualHostName()) +
    ",\"routeMetadata\":" + json(route.metadata("envoy.lb")) +
    ",\"jwtAuthn\":" + json(metadata.filter(JWT_AUTHN)) + "}";
}
