// kube-validate checks custom resources the way a Kubernetes API server
// checks them on create, with the API server's own code
// (k8s.io/apiextensions-apiserver): the request decoder's pruning of unknown
// fields (reported as errors, as kubectl's default strict field validation
// does), its removal of nulls and its defaulting, then the custom resource
// strategy's validation (type meta, ObjectMeta, OpenAPI schema, embedded
// resources, list-type invariants and the x-kubernetes-validations CEL rules).
//
// Usage: kube-validate <crd.yaml>... < documents.json
//
// stdin holds a JSON array of documents; stdout gets a JSON array with one
// {"errors": [...]} per document, in order. Each error has the field path,
// the error type, the detail and Kubernetes' full message.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: kube-validate <crd.yaml>... < documents.json")
	}
	validators, err := loadValidators(os.Args[1:])
	if err != nil {
		fail(err.Error())
	}
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(fmt.Sprintf("reading stdin: %v", err))
	}
	var documents []json.RawMessage
	if err := json.Unmarshal(input, &documents); err != nil {
		fail(fmt.Sprintf("stdin must be a JSON array of documents: %v", err))
	}
	results := make([]result, len(documents))
	for i, document := range documents {
		results[i] = validators.validate(document)
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fail(fmt.Sprintf("writing the results: %v", err))
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "kube-validate: "+message)
	os.Exit(2)
}
