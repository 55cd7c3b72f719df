package main

import "strings"

// requestView is what rules look at, read once per request.
type requestView struct {
	path      string
	method    string
	authority string
	headers   map[string]string
}

func newRequestView(pairs [][2]string) *requestView {
	view := &requestView{headers: make(map[string]string, len(pairs))}
	for _, pair := range pairs {
		name, value := pair[0], pair[1]
		switch name {
		case ":path":
			view.path = stripQuery(value)
		case ":method":
			view.method = value
		case ":authority":
			view.authority = value
		}
		if previous, seen := view.headers[name]; seen {
			// Repeated headers are joined with "," as Envoy's matchers see them.
			view.headers[name] = previous + "," + value
		} else {
			view.headers[name] = value
		}
	}
	return view
}

func stripQuery(path string) string {
	if cut := strings.IndexAny(path, "?#"); cut >= 0 {
		return path[:cut]
	}
	return path
}

func (m *stringMatch) matches(value string) bool {
	switch {
	case m.Exact != nil:
		return value == *m.Exact
	case m.Prefix != nil:
		return strings.HasPrefix(value, *m.Prefix)
	case m.re != nil:
		return m.re.MatchString(value)
	}
	return false
}

func (m *headerMatch) matches(value string, present bool) bool {
	switch {
	case m.Present:
		return present
	case m.Absent:
		return !present
	case !present:
		return false
	}
	return m.stringMatch.matches(value)
}

func (alternative *matchRequest) holds(view *requestView) bool {
	if alternative.URI != nil && !alternative.URI.matches(view.path) {
		return false
	}
	if alternative.Method != nil && !alternative.Method.matches(view.method) {
		return false
	}
	if alternative.Authority != nil && !alternative.Authority.matches(view.authority) {
		return false
	}
	for name, m := range alternative.Headers {
		value, present := view.headers[strings.ToLower(name)]
		if !m.matches(value, present) {
			return false
		}
	}
	for name, m := range alternative.WithoutHeaders {
		value, present := view.headers[strings.ToLower(name)]
		if m.matches(value, present) {
			return false
		}
	}
	return true
}

func (r *rule) applies(view *requestView) bool {
	if len(r.Match) == 0 {
		return true
	}
	for _, alternative := range r.Match {
		if alternative.holds(view) {
			return true
		}
	}
	return false
}
