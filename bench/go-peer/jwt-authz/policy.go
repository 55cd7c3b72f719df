package main

import (
	"fmt"
	"strings"
)

// request attributes policies look at.
type attributes struct {
	method string
	path   string
	who    *identity
}

// allowed evaluates like Istio: any matching DENY denies; then, if ALLOW
// policies exist, one must match.
func allowed(policies []*policy, attrs *attributes) bool {
	hasAllow, allowMatched := false, false
	for _, p := range policies {
		matched := p.matches(attrs)
		switch p.Action {
		case "DENY":
			if matched {
				return false
			}
		case "ALLOW":
			hasAllow = true
			allowMatched = allowMatched || matched
		}
	}
	return !hasAllow || allowMatched
}

func (p *policy) matches(attrs *attributes) bool {
	for _, r := range p.Rules {
		if r.matches(attrs) {
			return true
		}
	}
	return false
}

func (r *policyRule) matches(attrs *attributes) bool {
	if len(r.From) > 0 {
		any := false
		for _, from := range r.From {
			any = any || from.Source.matches(attrs)
		}
		if !any {
			return false
		}
	}
	if len(r.To) > 0 {
		any := false
		for _, to := range r.To {
			any = any || to.Operation.matches(attrs)
		}
		if !any {
			return false
		}
	}
	for _, c := range r.When {
		if !c.matches(attrs) {
			return false
		}
	}
	return true
}

func (s *source) matches(attrs *attributes) bool {
	principal, authenticated := "", attrs.who != nil
	if authenticated {
		principal = attrs.who.principal()
	}
	if len(s.RequestPrincipals) > 0 && !(authenticated && anyPattern(s.RequestPrincipals, principal)) {
		return false
	}
	if len(s.NotRequestPrincipals) > 0 && authenticated && anyPattern(s.NotRequestPrincipals, principal) {
		return false
	}
	return true
}

func (o *operation) matches(attrs *attributes) bool {
	if len(o.Methods) > 0 && !anyPattern(o.Methods, attrs.method) {
		return false
	}
	if len(o.NotMethods) > 0 && anyPattern(o.NotMethods, attrs.method) {
		return false
	}
	if len(o.Paths) > 0 && !anyPattern(o.Paths, attrs.path) {
		return false
	}
	if len(o.NotPaths) > 0 && anyPattern(o.NotPaths, attrs.path) {
		return false
	}
	return true
}

func (c *condition) matches(attrs *attributes) bool {
	var values []string
	if attrs.who != nil {
		values = claimValues(attrs.who.claims[c.claim])
	}
	if len(c.Values) > 0 && !anyValue(c.Values, values) {
		return false
	}
	if len(c.NotValues) > 0 && anyValue(c.NotValues, values) {
		return false
	}
	return true
}

func anyValue(patterns, values []string) bool {
	for _, value := range values {
		if anyPattern(patterns, value) {
			return true
		}
	}
	return false
}

// claimValues flattens a claim to strings (a list claim: each item).
func claimValues(claim any) []string {
	switch value := claim.(type) {
	case nil:
		return nil
	case string:
		return []string{value}
	case []any:
		out := make([]string, 0, len(value))
		for _, item := range value {
			out = append(out, fmt.Sprint(item))
		}
		return out
	default:
		return []string{fmt.Sprint(value)}
	}
}

// anyPattern: Istio's exact, "prefix*", "*suffix" and "*" forms.
func anyPattern(patterns []string, value string) bool {
	for _, pattern := range patterns {
		switch {
		case pattern == "*":
			return true
		case strings.HasSuffix(pattern, "*") && strings.HasPrefix(value, pattern[:len(pattern)-1]):
			return true
		case strings.HasPrefix(pattern, "*") && strings.HasSuffix(value, pattern[1:]):
			return true
		case pattern == value:
			return true
		}
	}
	return false
}
