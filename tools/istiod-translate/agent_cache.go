package main

import (
	"sort"
	"sync"

	"istio.io/istio/pkg/wasm"
)

// fetch is one module the agent asked its cache for.
type fetch struct {
	ResourceName    string `json:"resourceName"`
	URL             string `json:"url"`
	Checksum        string `json:"checksum"`
	ResourceVersion string `json:"resourceVersion"`
	PullPolicy      string `json:"pullPolicy"`
	PullSecret      string `json:"pullSecret"`
	// Module is the file the cache answered with: a stand-in for the downloaded module.
	Module string `json:"module"`
}

// recordingCache is a wasm.Cache that fetches nothing: it notes each request
// and answers with a stand-in file name, so the conversion goes on as if the
// module had been downloaded.
type recordingCache struct {
	mu      sync.Mutex
	fetches []fetch
}

var pullPolicyNames = map[wasm.PullPolicy]string{wasm.Unspecified: "Unspecified", wasm.IfNotPresent: "IfNotPresent", wasm.Always: "Always"}

func (c *recordingCache) Get(url string, opts wasm.GetOptions) (string, error) {
	module := "<agent module cache>/" + opts.ResourceName + ".wasm"
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fetches = append(c.fetches, fetch{
		ResourceName:    opts.ResourceName,
		URL:             url,
		Checksum:        opts.Checksum,
		ResourceVersion: opts.ResourceVersion,
		PullPolicy:      pullPolicyNames[opts.PullPolicy],
		PullSecret:      string(opts.PullSecret),
		Module:          module,
	})
	return module, nil
}

func (c *recordingCache) Cleanup() {}

// sorted: the agent converts resources concurrently, so the order of requests varies.
func (c *recordingCache) sorted() []fetch {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]fetch{}, c.fetches...)
	sort.Slice(out, func(i, j int) bool { return out[i].ResourceName < out[j].ResourceName })
	return out
}
