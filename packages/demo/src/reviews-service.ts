import { startUpstream, type UpstreamServer } from "@envoyscript/testkit";
import { REVIEWS_V1, REVIEWS_V2, USER_HEADER, VERSION_HEADER } from "./filter-configs.ts";

/** What a reviews backend answers (JSON). */
export interface ReviewsAnswer {
  readonly service: "reviews";
  readonly version: string;
  readonly path: string;
  /** The verified user jwt-authz put in x-user, or null. */
  readonly user: string | null;
}

/** The demo service: two backends, one per version, each an Envoy cluster of the same name. */
export interface ReviewsService {
  readonly backends: readonly UpstreamServer[];
  close(): Promise<void>;
}

/** Each backend's Envoy cluster name and the version it answers with; the first is Envoy's default route. */
export const REVIEWS_BACKENDS: readonly { readonly cluster: string; readonly version: string }[] = [
  { cluster: REVIEWS_V1, version: "v1" },
  { cluster: REVIEWS_V2, version: "v2" },
];

export async function startReviewsService(): Promise<ReviewsService> {
  const backends: UpstreamServer[] = [];
  try {
    for (const { cluster, version } of REVIEWS_BACKENDS) backends.push(await startBackend(cluster, version));
  } catch (error) {
    await Promise.all(backends.map((backend) => backend.close()));
    throw error;
  }
  return { backends, close: async () => void (await Promise.all(backends.map((backend) => backend.close()))) };
}

/** A backend's answer to a request for `path` carrying `user` (x-user), as status, headers and body. */
export function reviewsReply(version: string, path: string, user: string | undefined): { status: 200; headers: Record<string, string>; body: string } {
  const answer: ReviewsAnswer = { service: "reviews", version, path, user: user ?? null };
  return { status: 200, headers: { "content-type": "application/json", [VERSION_HEADER]: version }, body: JSON.stringify(answer) };
}

function startBackend(name: string, version: string): Promise<UpstreamServer> {
  return startUpstream(name, (request, _body, response) => {
    const user = request.headers[USER_HEADER];
    const reply = reviewsReply(version, request.url ?? "", typeof user === "string" ? user : undefined);
    const body = Buffer.from(reply.body);
    response.writeHead(reply.status, { ...reply.headers, "content-length": body.length });
    response.end(body);
  });
}
