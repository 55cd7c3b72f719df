package main

import "runtime/debug"

// istioModuleVersion is the istio.io/istio version this program was built with, from its build info.
func istioModuleVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, dep := range info.Deps {
		if dep.Path == "istio.io/istio" {
			return dep.Path + "@" + dep.Version
		}
	}
	return "unknown"
}
