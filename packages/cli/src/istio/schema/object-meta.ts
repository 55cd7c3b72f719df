import { childPath, itemPath, quote, type FieldError } from "./field-error.ts";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const KNOWN_METADATA = new Set(["name", "generateName", "namespace", "labels", "annotations", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences", "finalizers", "managedFields", "selfLink"]);

/**
 * The checks the API server applies to any namespaced custom resource's
 * metadata: a DNS-1123 subdomain name (or generateName), a DNS-1123 label
 * namespace, qualified label and annotation keys, valid label values.
 */
export function validateObjectMeta(metadata: unknown): FieldError[] {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) return [{ path: "metadata", message: "is required and must be an object with a name" }];
  const meta = metadata as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(meta)) if (!KNOWN_METADATA.has(key)) errors.push({ path: childPath("metadata", key), message: "unknown field" });
  if (meta.name === undefined && meta.generateName === undefined) errors.push({ path: "metadata.name", message: "is required" });
  if (meta.name !== undefined) checkName(meta.name, "metadata.name", DNS1123_SUBDOMAIN, 253, "a lowercase RFC 1123 subdomain", errors);
  if (meta.namespace !== undefined) checkName(meta.namespace, "metadata.namespace", DNS1123_LABEL, 63, "a lowercase RFC 1123 label", errors);
  checkStringMap(meta.labels, "metadata.labels", true, errors);
  checkStringMap(meta.annotations, "metadata.annotations", false, errors);
  return errors;
}

function checkName(value: unknown, path: string, pattern: RegExp, max: number, what: string, errors: FieldError[]): void {
  if (typeof value !== "string" || value.length > max || !pattern.test(value)) {
    errors.push({ path, message: `must be ${what} of at most ${max} characters (lowercase letters, digits, "-"${max === 253 ? ', "."' : ""}; start and end alphanumeric), got ${quote(value)}` });
  }
}

function checkStringMap(value: unknown, path: string, isLabels: boolean, errors: FieldError[]): void {
  if (value === undefined) return;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    errors.push({ path, message: "must be a map of strings" });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!isQualifiedName(key)) errors.push({ path: itemPath(path, key), message: `key must be a qualified name ([prefix/]name, name at most 63 characters of [-A-Za-z0-9_.], alphanumeric at both ends)` });
    if (typeof item !== "string") errors.push({ path: itemPath(path, key), message: `must be a string (got ${quote(item)})` });
    else if (isLabels && item !== "" && (item.length > 63 || !QUALIFIED_NAME_PART.test(item))) {
      errors.push({ path: itemPath(path, key), message: `label value must be empty or at most 63 characters of [-A-Za-z0-9_.], alphanumeric at both ends (got ${quote(item)})` });
    }
  }
}

function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}
