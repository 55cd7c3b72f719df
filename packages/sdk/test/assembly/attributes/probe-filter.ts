// Calls the attribute helpers and logs what they answer, for the attribute
// tests on the SDK's fake host (which serves properties by path).

export * from "@envoyscript/sdk/assembly/proxy";
import { JsonValue, log, metadata, node, response, route } from "@envoyscript/sdk/assembly";

function text(value: string | null): string {
  return value === null ? "null" : "\"" + value + "\"";
}

function json(value: JsonValue | null): string {
  return value === null ? "null" : value.toString();
}

export function logNode(): void {
  log.info("id=" + text(node.id()) + " cluster=" + text(node.cluster()) + " metadata=" + json(node.metadata()));
}

export function logJwtPayload(): void {
  log.info("jwt=" + json(metadata.filter("envoy.filters.http.jwt_authn")));
}

export function logRoute(): void {
  log.info("route=" + text(route.name()) + " cluster=" + text(route.clusterName()) + " vhost=" + text(route.virtualHostName()) + " metadata=" + json(route.metadata("envoy.lb")));
}

export function logSizes(): void {
  log.info("size=" + response.size().toString() + " total=" + response.totalSize().toString());
}
