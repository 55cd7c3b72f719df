import { CliError } from "../../errors.ts";

/** A Kubernetes Secret document (`v1`, kind Secret). */
interface SecretDocument {
  apiVersion: "v1";
  kind: "Secret";
  metadata?: { name?: string };
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export const DOCKER_CONFIG_SECRET_TYPE = "kubernetes.io/dockerconfigjson";
const DOCKER_CONFIG_KEY = ".dockerconfigjson";

export function isSecret(doc: unknown): doc is SecretDocument {
  const record = doc as { apiVersion?: unknown; kind?: unknown } | null;
  return typeof record === "object" && record !== null && record.apiVersion === "v1" && record.kind === "Secret";
}

/**
 * The Docker config JSON of each `kubernetes.io/dockerconfigjson` Secret, by
 * name: what istiod reads for a resource's `imagePullSecret` and hands the
 * agent for the pull (`.dockerconfigjson`, base64 in `data` or plain in
 * `stringData`).
 */
export function dockerConfigSecrets(secrets: readonly SecretDocument[]): Record<string, string> {
  const byName: Record<string, string> = {};
  for (const secret of secrets) {
    const name = secret.metadata?.name ?? "";
    if (secret.type !== DOCKER_CONFIG_SECRET_TYPE) continue;
    const text = secret.stringData?.[DOCKER_CONFIG_KEY] ?? decode(secret.data?.[DOCKER_CONFIG_KEY], name);
    if (text === undefined) throw new CliError("E_PULL_SECRET_INVALID", `Secret "${name}" has type ${DOCKER_CONFIG_SECRET_TYPE} but no ${DOCKER_CONFIG_KEY} in data or stringData`);
    try {
      JSON.parse(text);
    } catch (error) {
      throw new CliError("E_PULL_SECRET_INVALID", `Secret "${name}": ${DOCKER_CONFIG_KEY} is not JSON (${(error as Error).message}); it must be a Docker config.json`);
    }
    byName[name] = text;
  }
  return byName;
}

function decode(base64: string | undefined, name: string): string | undefined {
  if (base64 === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new CliError("E_PULL_SECRET_INVALID", `Secret "${name}": data.${DOCKER_CONFIG_KEY} is not base64`);
  return Buffer.from(base64, "base64").toString("utf8");
}
