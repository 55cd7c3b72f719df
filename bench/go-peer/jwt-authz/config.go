package main

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// The subset of jwt-authz's configuration (packages/filters/docs/jwt-authz.md)
// this peer implements: inline JWKS (RSA and EC P-256 keys), audiences,
// claim-to-header outputs, a token cache, and policies on principals, methods,
// paths and claims. Unknown fields are refused.

type claimToHeader struct {
	Header string `json:"header"`
	Claim  string `json:"claim"`
}

type jwtRule struct {
	Issuer               string          `json:"issuer"`
	Audiences            []string        `json:"audiences"`
	JWKS                 json.RawMessage `json:"jwks"`
	ForwardOriginalToken bool            `json:"forwardOriginalToken"`
	OutputClaimToHeaders []claimToHeader `json:"outputClaimToHeaders"`
	ClockSkewSeconds     *int64          `json:"clockSkewSeconds"`
	keys                 []*verificationKey
}

type source struct {
	RequestPrincipals    []string `json:"requestPrincipals"`
	NotRequestPrincipals []string `json:"notRequestPrincipals"`
}

type operation struct {
	Methods    []string `json:"methods"`
	NotMethods []string `json:"notMethods"`
	Paths      []string `json:"paths"`
	NotPaths   []string `json:"notPaths"`
}

type condition struct {
	Key       string   `json:"key"`
	Values    []string `json:"values"`
	NotValues []string `json:"notValues"`
	claim     string
}

type policyRule struct {
	From []struct {
		Source source `json:"source"`
	} `json:"from"`
	To []struct {
		Operation operation `json:"operation"`
	} `json:"to"`
	When []*condition `json:"when"`
}

type policy struct {
	Name   string        `json:"name"`
	Action string        `json:"action"`
	Rules  []*policyRule `json:"rules"`
}

type config struct {
	TokenCacheSize *int       `json:"tokenCacheSize"`
	JWTRules       []*jwtRule `json:"jwtRules"`
	Policies       []*policy  `json:"policies"`
}

func parseConfig(data []byte) (*config, error) {
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.DisallowUnknownFields()
	cfg := &config{}
	if err := decoder.Decode(cfg); err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	for index, rule := range cfg.JWTRules {
		keys, err := parseJWKS(rule.JWKS)
		if err != nil {
			return nil, fmt.Errorf("jwtRules[%d].jwks: %w", index, err)
		}
		rule.keys = keys
		if rule.ClockSkewSeconds == nil {
			skew := int64(60)
			rule.ClockSkewSeconds = &skew
		}
	}
	for index, p := range cfg.Policies {
		if p.Action == "" {
			p.Action = "ALLOW"
		}
		if p.Action != "ALLOW" && p.Action != "DENY" {
			return nil, fmt.Errorf("policies[%d].action: %q is not ALLOW or DENY", index, p.Action)
		}
		for _, r := range p.Rules {
			for _, c := range r.When {
				claim, ok := claimOfKey(c.Key)
				if !ok {
					return nil, fmt.Errorf("policies[%d]: condition key %q is not request.auth.claims[...]", index, c.Key)
				}
				c.claim = claim
			}
		}
	}
	return cfg, nil
}

// claimOfKey reads `request.auth.claims[name]`.
func claimOfKey(key string) (string, bool) {
	const prefix, suffix = "request.auth.claims[", "]"
	if len(key) <= len(prefix)+len(suffix) || key[:len(prefix)] != prefix || key[len(key)-1:] != suffix {
		return "", false
	}
	return key[len(prefix) : len(key)-1], true
}

func (c *config) cacheSize() int {
	if c.TokenCacheSize == nil {
		return 256
	}
	return *c.TokenCacheSize
}
