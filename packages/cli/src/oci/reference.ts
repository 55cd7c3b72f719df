import { CliError } from "../errors.ts";
import { isDigest, type Digest } from "./digest.ts";

/** An image reference `host[:port]/repository[:tag][@digest]`, split into its parts. */
export interface ImageReference {
  /** The registry as written: `host[:port]`. */
  readonly registry: string;
  readonly repository: string;
  /** `latest` when the reference names neither tag nor digest. */
  readonly tag?: string;
  readonly digest?: Digest;
}

// The grammar of github.com/distribution/reference, reduced to what we accept.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DEFAULT_TAG = "latest";
const FORM = "<host>[:port]/<repository>[:tag|@sha256:<hex>]";

/** Parses `host[:port]/repo[:tag|@digest]`; an `oci://` prefix (a WasmPlugin `url`) is allowed. */
export function parseReference(text: string): ImageReference {
  const bare = text.startsWith("oci://") ? text.slice("oci://".length) : text;
  const { rest: beforeDigest, digest } = splitDigest(bare, text);
  const { rest: name, tag } = splitTag(beforeDigest, text);
  const slash = name.indexOf("/");
  const registry = slash < 0 ? "" : name.slice(0, slash);
  if (!looksLikeHost(registry)) {
    throw invalid(text, `it does not start with a registry host (a name with a "." or a port, or localhost)`);
  }
  const repository = name.slice(slash + 1);
  const badComponent = repository.split("/").find((component) => !PATH_COMPONENT.test(component));
  if (badComponent !== undefined) {
    throw invalid(text, `the repository path component "${badComponent}" must be lowercase letters and digits, joined by ".", "_", "__" or "-"`);
  }
  return { registry, repository, tag: tag ?? (digest ? undefined : DEFAULT_TAG), digest };
}

function splitDigest(text: string, original: string): { rest: string; digest?: Digest } {
  const at = text.lastIndexOf("@");
  if (at < 0) return { rest: text };
  const digest = text.slice(at + 1);
  if (!isDigest(digest)) throw invalid(original, `"${digest}" is not a digest of the form sha256:<64 lowercase hex>`);
  return { rest: text.slice(0, at), digest };
}

function splitTag(text: string, original: string): { rest: string; tag?: string } {
  const colon = text.lastIndexOf(":");
  // A colon before the last slash is a port, not a tag.
  if (colon < 0 || colon < text.lastIndexOf("/")) return { rest: text };
  const tag = text.slice(colon + 1);
  if (!TAG.test(tag)) throw invalid(original, `the tag "${tag}" must be 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"`);
  return { rest: text.slice(0, colon), tag };
}

function looksLikeHost(component: string): boolean {
  return component === "localhost" || component.includes(".") || component.includes(":");
}

function invalid(text: string, reason: string): CliError {
  return new CliError("E_OCI_REFERENCE", `invalid image reference "${text}": ${reason}. Write ${FORM}, e.g. localhost:5000/filters/hello:1.0`, 2);
}

/** What the registry API calls the manifest: the digest when there is one, else the tag. */
export function manifestIdentifier(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? DEFAULT_TAG;
}

/** `host/repo:tag` (or `host/repo@digest` when the reference has no tag). */
export function formatReference(ref: ImageReference): string {
  const base = `${ref.registry}/${ref.repository}`;
  if (ref.tag !== undefined) return `${base}:${ref.tag}`;
  return `${base}@${ref.digest}`;
}

/** `host/repo@sha256:...`: the reference that can never move. */
export function pinnedReference(ref: ImageReference, digest: Digest): string {
  return `${ref.registry}/${ref.repository}@${digest}`;
}

/** Docker Hub's API does not live at the name people write. */
export function registryApiHost(registry: string): string {
  return registry === "docker.io" || registry === "index.docker.io" ? "registry-1.docker.io" : registry;
}

/**
 * Docker's rule for registries without TLS: loopback hosts speak plain HTTP,
 * every other host HTTPS unless told otherwise (`--plain-http`).
 */
export function isLoopbackRegistry(registry: string): boolean {
  const host = hostWithoutPort(registry);
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function hostWithoutPort(registry: string): string {
  if (registry.startsWith("[")) return registry.slice(1, registry.indexOf("]"));
  const colon = registry.lastIndexOf(":");
  return colon < 0 ? registry : registry.slice(0, colon);
}
