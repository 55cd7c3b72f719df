package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// The subset of routing-headers' configuration (packages/filters/docs/routing-headers.md)
// this peer implements: rules with uri/method/authority/header matches,
// weighted destinations and header edits. Unknown fields are refused, so a
// benchmark configuration outside the subset fails loudly instead of being
// measured half-applied.

type stringMatch struct {
	Exact  *string `json:"exact"`
	Prefix *string `json:"prefix"`
	Regex  *string `json:"regex"`
	re     *regexp.Regexp
}

type headerMatch struct {
	stringMatch
	Present bool `json:"present"`
	Absent  bool `json:"absent"`
}

type matchRequest struct {
	Name           string                  `json:"name"`
	URI            *stringMatch            `json:"uri"`
	Method         *stringMatch            `json:"method"`
	Authority      *stringMatch            `json:"authority"`
	Headers        map[string]*headerMatch `json:"headers"`
	WithoutHeaders map[string]*headerMatch `json:"withoutHeaders"`
}

type headerOperations struct {
	Set    map[string]string `json:"set"`
	Add    map[string]string `json:"add"`
	Remove []string          `json:"remove"`
}

type headerEdits struct {
	Request  *headerOperations `json:"request"`
	Response *headerOperations `json:"response"`
}

type routeDestination struct {
	Destination string       `json:"destination"`
	Weight      *int         `json:"weight"`
	Headers     *headerEdits `json:"headers"`
}

type rule struct {
	Name    string             `json:"name"`
	Match   []*matchRequest    `json:"match"`
	Route   []routeDestination `json:"route"`
	Headers *headerEdits       `json:"headers"`
}

type config struct {
	DestinationHeader        string  `json:"destinationHeader"`
	TrustIncomingDestination bool    `json:"trustIncomingDestination"`
	Rules                    []*rule `json:"rules"`
}

func parseConfig(data []byte) (*config, error) {
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.DisallowUnknownFields()
	cfg := &config{}
	if err := decoder.Decode(cfg); err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	if cfg.DestinationHeader == "" {
		cfg.DestinationHeader = "x-route-destination"
	}
	cfg.DestinationHeader = strings.ToLower(cfg.DestinationHeader)
	for index, r := range cfg.Rules {
		if r.Name == "" {
			r.Name = fmt.Sprintf("rule-%d", index)
		}
		if err := r.compile(); err != nil {
			return nil, fmt.Errorf("rules[%d]: %w", index, err)
		}
	}
	return cfg, nil
}

func (r *rule) compile() error {
	for _, alternative := range r.Match {
		for _, m := range []*stringMatch{alternative.URI, alternative.Method, alternative.Authority} {
			if err := m.compile(); err != nil {
				return err
			}
		}
		for _, set := range []map[string]*headerMatch{alternative.Headers, alternative.WithoutHeaders} {
			for name, m := range set {
				if err := m.stringMatch.compile(); err != nil {
					return fmt.Errorf("header %q: %w", name, err)
				}
			}
		}
	}
	total := 0
	for _, destination := range r.Route {
		if destination.Weight == nil {
			total += 100
		} else {
			total += *destination.Weight
		}
	}
	if len(r.Route) > 0 && total != 100 {
		return fmt.Errorf("route weights sum to %d; they must sum to 100", total)
	}
	return nil
}

func (m *stringMatch) compile() error {
	if m == nil || m.Regex == nil {
		return nil
	}
	// RE2 like the AssemblyScript filter; anchored: the whole value must match.
	re, err := regexp.Compile("^(?:" + *m.Regex + ")$")
	if err != nil {
		return fmt.Errorf("regex %q: %w", *m.Regex, err)
	}
	m.re = re
	return nil
}
