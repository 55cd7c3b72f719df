// istiod-translate writes what istiod (and the sidecar's istio-agent) would
// hand Envoy for the WasmPlugin and TrafficExtension resources of each case in
// a cases file, using Istio's own code from the Go module istio.io/istio:
//
//   - the WasmPlugin -> TrafficExtension translation controller
//     (pilot/pkg/config/kube/extensions),
//   - the push context's selection, match and priority order
//     (PushContext.TrafficExtensionsByListenerInfo, pilot/pkg/model),
//   - the filter order per phase (extension.PopAppend{HTTP,Network}TrafficExtension),
//   - the ECDS resources (ConfigGeneratorImpl.BuildExtensionConfiguration, which
//     calls TrafficExtensionWrapper.BuildHTTPWasmFilter / BuildNetworkWasmFilter),
//   - the agent's rewrite of those resources before Envoy gets them
//     (pkg/wasm.MaybeConvertWasmExtensionConfig), with a module cache that
//     records what it was asked to fetch instead of fetching,
//   - istiod's validation webhook (the schema's ValidateProto) for each resource.
//
// Usage: istiod-translate <cases.json> <output folder>
// Each case becomes <output folder>/<case name>.json.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"istio.io/istio/pkg/log"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: istiod-translate <cases.json> <output folder>")
		os.Exit(2)
	}
	casesFile, outDir := os.Args[1], os.Args[2]
	quietIstioLogs()
	cases, err := readCases(casesFile)
	if err != nil {
		fail(err)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		fail(err)
	}
	for _, c := range cases {
		golden, err := translateCase(c)
		if err != nil {
			fail(fmt.Errorf("case %q: %w", c.Name, err))
		}
		file := filepath.Join(outDir, c.Name+".json")
		if err := os.WriteFile(file, golden, 0o644); err != nil {
			fail(err)
		}
		fmt.Fprintf(os.Stderr, "wrote %s\n", file)
	}
}

// quietIstioLogs keeps istiod's warnings (a discarded extension says why) and drops its info chatter.
func quietIstioLogs() {
	for _, scope := range log.Scopes() {
		scope.SetOutputLevel(log.WarnLevel)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "istiod-translate:", err)
	os.Exit(1)
}
