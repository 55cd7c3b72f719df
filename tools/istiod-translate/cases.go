package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// goldenCase is one case, as test/istio/istiod-golden/generate.ts resolves
// it (repository files read, kustomize overlays rendered): the same input
// the TypeScript translation gets in the test that compares the two.
type goldenCase struct {
	Name string `json:"name"`
	// Documents: multi-document YAML; kinds other than WasmPlugin and TrafficExtension are left out.
	Documents string `json:"documents"`
	// DefaultNamespace for documents that name none.
	DefaultNamespace string    `json:"defaultNamespace"`
	Proxy            proxyCase `json:"proxy"`
	// PullSecrets: Secret name (in the proxy's namespace) -> Docker config JSON.
	PullSecrets map[string]string `json:"pullSecrets"`
	// InputSha256 is copied to the output, so the test can tell a stale golden.
	InputSha256 string `json:"inputSha256"`
}

type proxyCase struct {
	// Kind: sidecar or gateway (waypoints need ambient's service index: not emulated here).
	Kind string `json:"kind"`
	// GatewayName makes a gateway a Gateway API one (the gateway.networking.k8s.io/gateway-name label).
	GatewayName string            `json:"gatewayName"`
	Namespace   string            `json:"namespace"`
	Labels      map[string]string `json:"labels"`
	// Port of the listener; with no traffic and port 0, every listener.
	Port int `json:"port"`
	// Traffic: inbound (SERVER) or outbound (CLIENT) for a sidecar; a gateway's listeners are CLIENT.
	Traffic string `json:"traffic"`
}

func readCases(file string) ([]goldenCase, error) {
	text, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var cases []goldenCase
	decoder := json.NewDecoder(bytes.NewReader(text))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&cases); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return cases, nil
}
