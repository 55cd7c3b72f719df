package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	hcm "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	extensionsapi "istio.io/api/extensions/v1alpha1"
	"istio.io/istio/pilot/pkg/config/kube/crd"
	"istio.io/istio/pilot/pkg/config/kube/extensions"
	"istio.io/istio/pilot/pkg/model"
	istionetworking "istio.io/istio/pilot/pkg/networking"
	corenet "istio.io/istio/pilot/pkg/networking/core"
	"istio.io/istio/pilot/pkg/networking/core/extension"
	"istio.io/istio/pkg/config"
	"istio.io/istio/pkg/config/schema/collections"
	"istio.io/istio/pkg/config/schema/gvk"
	"istio.io/istio/pkg/wasm"
)

// The phases in the order the listener builders append them.
var phases = []extensionsapi.TrafficExtension_ExecutionPhase{
	extensionsapi.TrafficExtension_AUTHN,
	extensionsapi.TrafficExtension_AUTHZ,
	extensionsapi.TrafficExtension_STATS,
	extensionsapi.TrafficExtension_UNSPECIFIED,
}

// golden is what a case produces.
type golden struct {
	Case        string `json:"case"`
	Istio       string `json:"istio"`
	InputSha256 string `json:"inputSha256"`
	// HTTPFilters and NetworkFilters: the extension filters of the listener in chain order, as
	// istiod writes them (Wasm ones point at ECDS, Lua ones are inline).
	HTTPFilters    []json.RawMessage `json:"httpFilters"`
	NetworkFilters []json.RawMessage `json:"networkFilters"`
	// ExtensionConfigs: the ECDS resources as Envoy receives them (after the agent).
	ExtensionConfigs []json.RawMessage `json:"extensionConfigs"`
	// Fetches: what the agent asked its module cache for.
	Fetches []fetch `json:"fetches"`
	// Webhook: istiod's validation of each resource.
	Webhook []webhookResult `json:"webhook"`
}

type webhookResult struct {
	Resource string   `json:"resource"`
	Error    string   `json:"error"`
	Warnings []string `json:"warnings"`
}

func translateCase(c goldenCase) ([]byte, error) {
	configs, err := extensionConfigs(c.Documents, c.DefaultNamespace)
	if err != nil {
		return nil, err
	}
	out := golden{Case: c.Name, Istio: istioModuleVersion(), InputSha256: c.InputSha256, HTTPFilters: []json.RawMessage{}, NetworkFilters: []json.RawMessage{}, ExtensionConfigs: []json.RawMessage{}, Fetches: []fetch{}}
	out.Webhook = webhook(configs)

	failer := &failer{}
	cg := corenet.NewConfigGenTest(failer, corenet.TestOptions{
		Configs: configs,
		CreateConfigStore: func(c model.ConfigStoreController) model.ConfigStoreController {
			return extensions.NewController(c, nil, nil)
		},
	})
	defer failer.cleanup()
	proxy := cg.SetupProxy(c.Proxy.model())
	push := cg.PushContext()
	info := model.ListenerInfo{Port: c.Proxy.Port, Class: c.Proxy.listenerClass()}

	httpChain := []*hcm.HttpFilter{}
	byPhase := push.TrafficExtensionsByListenerInfo(proxy, info, model.FilterChainTypeHTTP)
	for _, phase := range phases {
		httpChain = extension.PopAppendHTTPTrafficExtension(httpChain, byPhase, phase)
	}
	networkChain := []*listener.Filter{}
	byPhase = push.TrafficExtensionsByListenerInfo(proxy, info, model.FilterChainTypeNetwork)
	for _, phase := range phases {
		networkChain = extension.PopAppendNetworkTrafficExtension(networkChain, byPhase, phase)
	}
	names := []string{}
	for _, f := range httpChain {
		out.HTTPFilters = append(out.HTTPFilters, marshal(f))
		names = append(names, f.Name)
	}
	for _, f := range networkChain {
		out.NetworkFilters = append(out.NetworkFilters, marshal(f))
		names = append(names, f.Name)
	}

	pullSecrets := map[string][]byte{}
	for name, dockerConfig := range c.PullSecrets {
		pullSecrets["kubernetes://"+c.Proxy.Namespace+"/"+name] = []byte(dockerConfig)
	}
	ecds := cg.ConfigGen.BuildExtensionConfiguration(proxy, push, names, pullSecrets)
	resources := make([]*anypb.Any, len(ecds))
	for i, ec := range ecds {
		if resources[i], err = anypb.New(ec); err != nil {
			return nil, err
		}
	}
	cache := &recordingCache{}
	if err := wasm.MaybeConvertWasmExtensionConfig(resources, cache); err != nil {
		return nil, fmt.Errorf("the agent's conversion failed: %w", err)
	}
	for _, resource := range resources {
		ec := &core.TypedExtensionConfig{}
		if err := resource.UnmarshalTo(ec); err != nil {
			return nil, err
		}
		out.ExtensionConfigs = append(out.ExtensionConfigs, marshal(ec))
	}
	out.Fetches = cache.sorted()
	return json.MarshalIndent(out, "", "  ")
}

// extensionConfigs parses the WasmPlugin and TrafficExtension documents as
// istiod's config store would hold them. A document without a resourceVersion
// gets "1", one without a creationTimestamp the Unix epoch (the in-memory store
// would otherwise stamp the current time, making the output depend on the run
// and on the order of the documents; in a cluster, resources applied together
// share their creation second and go by name).
func extensionConfigs(text, defaultNamespace string) ([]config.Config, error) {
	parsed, _, err := crd.ParseInputs(text)
	if err != nil {
		return nil, err
	}
	var configs []config.Config
	for _, cfg := range parsed {
		if cfg.GroupVersionKind != gvk.WasmPlugin && cfg.GroupVersionKind != gvk.TrafficExtension {
			continue
		}
		if cfg.Namespace == "" {
			cfg.Namespace = defaultNamespace
		}
		if cfg.ResourceVersion == "" {
			cfg.ResourceVersion = "1"
		}
		if cfg.CreationTimestamp.IsZero() {
			cfg.CreationTimestamp = time.Unix(0, 0).UTC()
		}
		configs = append(configs, cfg)
	}
	return configs, nil
}

// webhook runs istiod's validation (what its validating webhook answers) on each resource.
func webhook(configs []config.Config) []webhookResult {
	results := []webhookResult{}
	for _, cfg := range configs {
		schema, found := collections.Pilot.FindByGroupVersionKind(cfg.GroupVersionKind)
		if !found {
			continue
		}
		warnings, err := schema.ValidateConfig(cfg)
		result := webhookResult{Resource: cfg.GroupVersionKind.Kind + "/" + cfg.Namespace + "/" + cfg.Name, Warnings: []string{}}
		if err != nil {
			result.Error = err.Error()
		}
		if warnings != nil {
			result.Warnings = append(result.Warnings, warnings.Error())
		}
		results = append(results, result)
	}
	sort.Slice(results, func(i, j int) bool { return results[i].Resource < results[j].Resource })
	return results
}

func (p proxyCase) model() *model.Proxy {
	proxyType := model.SidecarProxy
	if p.Kind == "gateway" {
		proxyType = model.Router
	}
	labels := map[string]string{}
	for k, v := range p.Labels {
		labels[k] = v
	}
	if p.GatewayName != "" {
		labels["gateway.networking.k8s.io/gateway-name"] = p.GatewayName
	}
	return &model.Proxy{
		Type:            proxyType,
		ConfigNamespace: p.Namespace,
		Labels:          labels,
		Metadata:        &model.NodeMetadata{Namespace: p.Namespace, Labels: labels, IstioVersion: "1.32.0"},
	}
}

func (p proxyCase) listenerClass() istionetworking.ListenerClass {
	switch {
	case p.Kind == "gateway":
		return istionetworking.ListenerClassGateway
	case p.Traffic == "outbound":
		return istionetworking.ListenerClassSidecarOutbound
	case p.Traffic == "inbound":
		return istionetworking.ListenerClassSidecarInbound
	}
	return istionetworking.ListenerClassUndefined
}

// marshal writes a message as Envoy's JSON (snake_case field names, Any expanded),
// re-encoded because protojson's spacing is deliberately unstable.
func marshal(message proto.Message) json.RawMessage {
	text, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(message)
	if err != nil {
		panic(err)
	}
	var value any
	if err := json.Unmarshal(text, &value); err != nil {
		panic(err)
	}
	stable, _ := json.Marshal(value)
	return stable
}
