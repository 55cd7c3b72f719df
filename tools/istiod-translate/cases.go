package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"sigs.k8s.io/yaml"
)

// goldenCase is one entry of the cases file, shared with the TypeScript test
// that compares envoyscript's translation with the golden output.
type goldenCase struct {
	Name string `json:"name"`
	// Files are repository-relative YAML files whose WasmPlugin and TrafficExtension documents are loaded.
	Files []string `json:"files"`
	// Documents are extra YAML documents, inline.
	Documents string `json:"documents"`
	// Namespace for documents that name none.
	DefaultNamespace string    `json:"defaultNamespace"`
	Proxy            proxyCase `json:"proxy"`
	// PullSecrets: Secret name (in the resources' namespace) -> Docker config JSON.
	PullSecrets map[string]string `json:"pullSecrets"`
}

type proxyCase struct {
	// Kind: sidecar, gateway or waypoint.
	Kind      string            `json:"kind"`
	Namespace string            `json:"namespace"`
	Labels    map[string]string `json:"labels"`
	// Port of the listener; 0 with traffic "" means any listener.
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
	if err := yaml.UnmarshalStrict(text, &cases); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return cases, nil
}

// documents returns the case's YAML: its files' WasmPlugin and TrafficExtension
// documents (other kinds are left out) and its inline documents.
func (c goldenCase) documents(root string) (string, error) {
	var parts []string
	for _, file := range c.Files {
		text, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			return "", err
		}
		parts = append(parts, string(text))
	}
	parts = append(parts, c.Documents)
	return strings.Join(parts, "\n---\n"), nil
}
