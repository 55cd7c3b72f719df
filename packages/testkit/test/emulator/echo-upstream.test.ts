// The echo upstream's answer inside a stream defers its JSON (its length is
// counted without building it): the bytes must be exactly what
// `echoUpstream` answers, whichever way they are made.
import { describe, expect, it } from "vitest";
import { DeferredBytes } from "../../src/emulator/core/body-buffer.ts";
import { HeaderMap } from "../../src/emulator/core/header-map.ts";
import { echoAnswer, echoUpstream, toUpstreamRequest, type UpstreamResponse } from "../../src/emulator/core/upstream.ts";

function requestOf(headers: Array<[string, string]>, body = "") {
  const map = new HeaderMap();
  for (const [key, value] of [[":authority", "localhost"], [":path", "/items?id=7"], [":method", "GET"], ...headers] as Array<[string, string]>) map.add(key, value);
  return toUpstreamRequest(map, Buffer.from(body), null);
}

function answerBytes(headers: Array<[string, string]>, body = ""): { deferred: boolean; text: string } {
  const answer = echoAnswer(requestOf(headers, body)).body;
  const bytes = answer instanceof DeferredBytes ? answer.bytes() : (answer as Uint8Array);
  return { deferred: answer instanceof DeferredBytes, text: Buffer.from(bytes).toString("utf8") };
}

const expected = (headers: Array<[string, string]>, body = "") => String((echoUpstream(requestOf(headers, body)) as UpstreamResponse).body);

describe("the echo upstream's answer in a stream", () => {
  it("defers plain requests, with the announced length and the same bytes", () => {
    const headers: Array<[string, string]> = [
      ["user-agent", "envoyscript-bench/1"],
      ["authorization", `Bearer ${"a".repeat(600)}`],
      ["x-request-id", "00000000-0000-4000-8000-000000000001"],
    ];
    const answer = answerBytes(headers, "plain body");
    expect(answer.deferred).toBe(true);
    expect(answer.text).toBe(expected(headers, "plain body"));
    expect(JSON.parse(answer.text)).toMatchObject({ method: "GET", path: "/items?id=7", headers: { host: "localhost", "user-agent": "envoyscript-bench/1" }, body: "plain body" });
  });

  it.each([
    ["a repeated header", [["x-a", "1"], ["x-a", "2"]]],
    ["a host header", [["host", "other"]]],
    ["a header name of digits", [["x-b", "1"], ["123", "2"]]],
    ["a value JSON escapes", [["x-quote", 'say "hi"']]],
    ["a value that is not ASCII", [["x-name", "Zoë"]]],
    ["a control character", [["x-tab", "a\tb"]]],
  ] as Array<[string, Array<[string, string]>]>)("builds it at once, the same bytes, for %s", (_, headers) => {
    const answer = answerBytes(headers);
    expect(answer.deferred).toBe(false);
    expect(answer.text).toBe(expected(headers));
  });

  it("refuses to make bytes of another length than it announced", () => {
    expect(() => new DeferredBytes(3, () => new Uint8Array(2)).bytes()).toThrow(/announced 3 bytes, made 2/);
  });
});
