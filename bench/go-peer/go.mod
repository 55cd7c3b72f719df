// The Go peer of two envoyscript filters, written with the proxy-wasm Go SDK
// for the benchmark's side-by-side numbers. Built by bench/run.ts with
// GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared.
module envoyscript.dev/bench/go-peer

go 1.24

// The Go module proxy serves this module only at explicit versions (its
// version list answers 403): the pseudo-version of the SDK's newest commit.
require github.com/proxy-wasm/proxy-wasm-go-sdk v0.0.0-20260105142703-44c7d5847745
