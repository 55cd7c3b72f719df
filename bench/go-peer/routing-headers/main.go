// routing-headers, Go peer: the first rule whose match holds picks a
// destination (written to the destination header, for Envoy's route table)
// and edits request and response headers. Same configuration JSON as the
// AssemblyScript filter, for the subset in config.go.
package main

import (
	"math/rand/v2"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

func main() {}

func init() {
	proxywasm.SetPluginContext(func(uint32) types.PluginContext { return &plugin{} })
}

type plugin struct {
	types.DefaultPluginContext
	config    *config
	ruleHits  []proxywasm.MetricCounter
	unmatched proxywasm.MetricCounter
}

func (p *plugin) OnPluginStart(int) types.OnPluginStartStatus {
	data, err := proxywasm.GetPluginConfiguration()
	if err != nil {
		proxywasm.LogErrorf("routing-headers (go): reading configuration: %v", err)
		return types.OnPluginStartStatusFailed
	}
	cfg, err := parseConfig(data)
	if err != nil {
		proxywasm.LogErrorf("routing-headers (go): %v", err)
		return types.OnPluginStartStatusFailed
	}
	p.config = cfg
	p.ruleHits = make([]proxywasm.MetricCounter, len(cfg.Rules))
	for index, r := range cfg.Rules {
		p.ruleHits[index] = proxywasm.DefineCounterMetric("routing_headers_go.rule." + r.Name)
	}
	p.unmatched = proxywasm.DefineCounterMetric("routing_headers_go.unmatched")
	return types.OnPluginStartStatusOK
}

func (p *plugin) NewHttpContext(uint32) types.HttpContext {
	return &request{plugin: p}
}

type request struct {
	types.DefaultHttpContext
	plugin   *plugin
	response []*headerOperations
}

func (r *request) OnHttpRequestHeaders(int, bool) types.Action {
	cfg := r.plugin.config
	if !cfg.TrustIncomingDestination {
		_ = proxywasm.RemoveHttpRequestHeader(cfg.DestinationHeader)
	}
	pairs, err := proxywasm.GetHttpRequestHeaders()
	if err != nil {
		return types.ActionContinue
	}
	view := newRequestView(pairs)
	for index, candidate := range cfg.Rules {
		if !candidate.applies(view) {
			continue
		}
		r.plugin.ruleHits[index].Increment(1)
		r.apply(candidate)
		return types.ActionContinue
	}
	r.plugin.unmatched.Increment(1)
	return types.ActionContinue
}

func (r *request) apply(chosen *rule) {
	var destination *routeDestination
	if len(chosen.Route) > 0 {
		destination = pick(chosen.Route)
		_ = proxywasm.ReplaceHttpRequestHeader(r.plugin.config.DestinationHeader, destination.Destination)
	}
	r.edit(chosen.Headers)
	if destination != nil {
		r.edit(destination.Headers)
	}
}

func (r *request) edit(edits *headerEdits) {
	if edits == nil {
		return
	}
	if ops := edits.Request; ops != nil {
		// Envoy's order: remove, then set, then add.
		for _, name := range ops.Remove {
			_ = proxywasm.RemoveHttpRequestHeader(name)
		}
		for name, value := range ops.Set {
			_ = proxywasm.ReplaceHttpRequestHeader(name, value)
		}
		for name, value := range ops.Add {
			_ = proxywasm.AddHttpRequestHeader(name, value)
		}
	}
	if edits.Response != nil {
		r.response = append(r.response, edits.Response)
	}
}

func (r *request) OnHttpResponseHeaders(int, bool) types.Action {
	for _, ops := range r.response {
		for _, name := range ops.Remove {
			_ = proxywasm.RemoveHttpResponseHeader(name)
		}
		for name, value := range ops.Set {
			_ = proxywasm.ReplaceHttpResponseHeader(name, value)
		}
		for name, value := range ops.Add {
			_ = proxywasm.AddHttpResponseHeader(name, value)
		}
	}
	return types.ActionContinue
}

// pick draws a bucket in [0, 100) and walks the weights in route order.
func pick(route []routeDestination) *routeDestination {
	if len(route) == 1 {
		return &route[0]
	}
	bucket := rand.IntN(100)
	for index := range route {
		weight := 100
		if route[index].Weight != nil {
			weight = *route[index].Weight
		}
		if bucket < weight {
			return &route[index]
		}
		bucket -= weight
	}
	return &route[len(route)-1]
}
