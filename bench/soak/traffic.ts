/**
 * The soak's traffic: classes of requests, each with the answers it may get,
 * and the wrk Lua script that sends them. Each wrk process keeps one
 * connection, so its responses come back in the order of its requests and
 * every response is counted under the class of its request. Every request
 * carries its own telemetry label value (`x-tenant`), so a run sends as many
 * distinct values as requests.
 */

export interface TrafficClass {
  readonly name: string;
  /** Relative share of the traffic. */
  readonly weight: number;
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Authorization tokens to rotate through (one per request). */
  readonly tokens?: "valid" | "expired" | "forged";
  readonly bodyBytes?: number;
  /** Sticky users: a cookie `user=u<n>` of 100 users, and the upstream each user got must never change. */
  readonly sticky?: boolean;
  /** Record which upstream answered (`<status>@<x-upstream>`). */
  readonly recordUpstream?: boolean;
  /** The outcomes this class allows: a status, `<status>@<upstream>`, never `error` (no response) nor `unsticky`. */
  readonly allowed: readonly string[];
}

export const CLASSES: readonly TrafficClass[] = [
  { name: "valid-token", weight: 20, method: "GET", path: "/api/orders", tokens: "valid", allowed: ["200"] },
  { name: "expired-token", weight: 4, method: "GET", path: "/api/orders", tokens: "expired", allowed: ["401"] },
  { name: "forged-token", weight: 4, method: "GET", path: "/api/orders", tokens: "forged", allowed: ["401"] },
  { name: "missing-token", weight: 5, method: "GET", path: "/api/orders", allowed: ["403"] },
  { name: "public", weight: 12, method: "GET", path: "/public", allowed: ["200"] },
  { name: "chaos", weight: 12, method: "GET", path: "/public/chaos", headers: { "x-chaos-test": "true" }, allowed: ["200", "503"] },
  { name: "canary-cookie", weight: 6, method: "GET", path: "/public", headers: { cookie: "canary=1" }, recordUpstream: true, allowed: ["200@canary"] },
  { name: "sticky-user", weight: 8, method: "GET", path: "/sticky", sticky: true, allowed: ["200"] },
  { name: "spoofed-identity", weight: 3, method: "GET", path: "/public", headers: { "x-user": "admin", [`x-route-destination`]: "canary" }, recordUpstream: true, allowed: ["200@primary"] },
  { name: "oversized-header", weight: 3, method: "GET", path: "/public", headers: { "x-big": "b".repeat(40 * 1024) }, allowed: ["200"] },
  { name: "many-headers", weight: 3, method: "GET", path: "/public", headers: Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`x-h-${i}`, `v${i}`])), allowed: ["200"] },
  { name: "request-body", weight: 3, method: "POST", path: "/public/upload", bodyBytes: 256 * 1024, allowed: ["200"] },
  { name: "upstream-slow", weight: 3, method: "GET", path: "/upstream/slow", allowed: ["200"] },
  { name: "upstream-reset", weight: 2, method: "GET", path: "/upstream/reset", allowed: ["503"] },
  { name: "upstream-large-body", weight: 2, method: "GET", path: "/upstream/large", allowed: ["200"] },
];

/** Marks the JSON line of each wrk process's counts. */
export const COUNTS_MARKER = "SOAK_COUNTS ";

export interface TokenPools {
  readonly valid: readonly string[];
  readonly expired: readonly string[];
  readonly forged: readonly string[];
}

/** The Lua script of wrk process `process` (its seed and label prefix). */
export function soakScript(tokens: TokenPools, process: number): string {
  const classTable = CLASSES.map((traffic) => {
    const headers = Object.entries(traffic.headers ?? {}).map(([name, value]) => `[${lua(name)}] = ${lua(value)}`).join(", ");
    return `  { name = ${lua(traffic.name)}, weight = ${traffic.weight}, method = ${lua(traffic.method)}, path = ${lua(traffic.path)}, headers = { ${headers} }, tokens = ${traffic.tokens ? lua(traffic.tokens) : "nil"}, body = ${traffic.bodyBytes ? `string.rep("p", ${traffic.bodyBytes})` : "nil"}, sticky = ${Boolean(traffic.sticky)}, upstream = ${Boolean(traffic.recordUpstream)} },`;
  });
  const pool = (name: keyof TokenPools) => `${name} = { ${tokens[name].map(lua).join(", ")} }`;
  return `
local classes = {
${classTable.join("\n")}
}
local tokens = { ${pool("valid")}, ${pool("expired")}, ${pool("forged")} }
local total_weight = 0
for _, c in ipairs(classes) do total_weight = total_weight + c.weight end
math.randomseed(${1000 + process})
counts = {}
local pending = nil
local pending_user = nil
local sticky_upstream = {}
label = 0
local token_index = 0

local function count(key)
  counts[key] = (counts[key] or 0) + 1
end

local function pick()
  local roll = math.random() * total_weight
  for _, c in ipairs(classes) do
    roll = roll - c.weight
    if roll < 0 then return c end
  end
  return classes[#classes]
end

local answered = 0

request = function()
  -- One connection: a request still pending got no response (the connection
  -- failed). wrk asks for one request it never sends before the first
  -- response, which is not counted.
  if pending and answered > 0 then count(pending.name .. "|error") end
  local c = pick()
  local headers = {}
  for name, value in pairs(c.headers) do headers[name] = value end
  label = label + 1
  headers["x-tenant"] = "t${process}-" .. label
  if c.tokens then
    local pool = tokens[c.tokens]
    token_index = token_index % #pool + 1
    headers["authorization"] = "Bearer " .. pool[token_index]
  end
  pending_user = nil
  if c.sticky then
    pending_user = "u" .. math.random(100)
    headers["cookie"] = "user=" .. pending_user
  end
  pending = c
  return wrk.format(c.method, c.path, headers, c.body)
end

response = function(status, headers, body)
  local c = pending
  pending = nil
  answered = answered + 1
  if c == nil then return end
  local key = tostring(status)
  local upstream = headers["x-upstream"] or "none"
  if c.upstream then key = key .. "@" .. upstream end
  if pending_user and status == 200 then
    local before = sticky_upstream[pending_user]
    if before == nil then sticky_upstream[pending_user] = upstream
    elseif before ~= upstream then key = key .. "@unsticky" end
  end
  count(c.name .. "|" .. key)
end

local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end

done = function(summary, latency, requests)
  local parts = {}
  for _, thread in ipairs(threads) do
    local thread_counts = thread:get("counts")
    for key, n in pairs(thread_counts) do table.insert(parts, string.format("%q:%d", key, n)) end
    table.insert(parts, string.format("%q:%d", "labels", thread:get("label")))
  end
  io.write("${COUNTS_MARKER}{" .. table.concat(parts, ",") .. "}\\n")
end
`;
}

function lua(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
