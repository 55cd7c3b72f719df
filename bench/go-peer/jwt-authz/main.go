// jwt-authz, Go peer: verifies the bearer token (RS256/ES256, inline JWKS,
// issuer, audiences, exp/nbf), caches verified tokens, and authorizes with
// Istio-style ALLOW/DENY policies. Same configuration JSON as the
// AssemblyScript filter, for the subset in config.go.
package main

import (
	"strings"
	"time"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

func main() {}

func init() {
	proxywasm.SetPluginContext(func(uint32) types.PluginContext { return &plugin{} })
}

type plugin struct {
	types.DefaultPluginContext
	config  *config
	cache   *tokenCache
	success proxywasm.MetricCounter
	failure proxywasm.MetricCounter
	denied  proxywasm.MetricCounter
}

func (p *plugin) OnPluginStart(int) types.OnPluginStartStatus {
	data, err := proxywasm.GetPluginConfiguration()
	if err == nil {
		p.config, err = parseConfig(data)
	}
	if err != nil {
		proxywasm.LogErrorf("jwt-authz (go): %v", err)
		return types.OnPluginStartStatusFailed
	}
	p.cache = newTokenCache(p.config.cacheSize())
	p.success = proxywasm.DefineCounterMetric("jwt_authz_go.authn_success")
	p.failure = proxywasm.DefineCounterMetric("jwt_authz_go.authn_failure")
	p.denied = proxywasm.DefineCounterMetric("jwt_authz_go.authz_denied")
	return types.OnPluginStartStatusOK
}

func (p *plugin) NewHttpContext(uint32) types.HttpContext {
	return &request{plugin: p}
}

type request struct {
	types.DefaultHttpContext
	plugin *plugin
}

func (r *request) OnHttpRequestHeaders(int, bool) types.Action {
	p := r.plugin
	now := float64(time.Now().Unix())
	attrs := &attributes{}
	attrs.method, _ = proxywasm.GetHttpRequestHeader(":method")
	path, _ := proxywasm.GetHttpRequestHeader(":path")
	attrs.path = stripQuery(path)

	authorization, _ := proxywasm.GetHttpRequestHeader("authorization")
	if token, ok := bearer(authorization); ok {
		who := p.cache.get(token, now)
		if who == nil {
			verified, err := verifyToken(p.config, token, now)
			if err != nil {
				p.failure.Increment(1)
				r.unauthorized(err.Error())
				return types.ActionPause
			}
			p.cache.put(token, verified)
			who = verified
		}
		p.success.Increment(1)
		attrs.who = who
		r.forward(who)
	}
	if !allowed(p.config.Policies, attrs) {
		p.denied.Increment(1)
		_ = proxywasm.SendHttpResponse(403, [][2]string{{"content-type", "text/plain"}}, []byte("RBAC: access denied"), -1)
		return types.ActionPause
	}
	return types.ActionContinue
}

func (r *request) forward(who *identity) {
	if !who.rule.ForwardOriginalToken {
		_ = proxywasm.RemoveHttpRequestHeader("authorization")
	}
	for _, output := range who.rule.OutputClaimToHeaders {
		// A client's own copy of a claim header never reaches the upstream.
		_ = proxywasm.RemoveHttpRequestHeader(output.Header)
		if values := claimValues(who.claims[output.Claim]); len(values) > 0 {
			_ = proxywasm.ReplaceHttpRequestHeader(output.Header, strings.Join(values, ","))
		}
	}
}

func (r *request) unauthorized(reason string) {
	headers := [][2]string{{"www-authenticate", `Bearer realm="", error="invalid_token"`}, {"content-type", "text/plain"}}
	_ = proxywasm.SendHttpResponse(401, headers, []byte(reason), -1)
}

func bearer(value string) (string, bool) {
	const prefix = "bearer "
	if len(value) <= len(prefix) || !strings.EqualFold(value[:len(prefix)], prefix) {
		return "", false
	}
	return value[len(prefix):], true
}

func stripQuery(path string) string {
	if cut := strings.IndexAny(path, "?#"); cut >= 0 {
		return path[:cut]
	}
	return path
}
