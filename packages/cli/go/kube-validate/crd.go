package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// servedVersion is one served version of a CRD, prepared as the API server
// prepares it when it starts serving the CRD (customresource_handler.go).
type servedVersion struct {
	kind       schema.GroupVersionKind
	structural *structuralschema.Structural
	strategy   *createStrategy
}

// validators holds the CRDs of the files given; a version is prepared (its
// CEL rules compiled) the first time a document of it comes in.
type validators struct {
	crds     map[string]*apiextensionsv1.CustomResourceDefinition // by "<group>/<version>, Kind=<kind>"
	prepared map[string]*servedVersion
	kinds    map[string][]string // kind -> served apiVersions
}

func key(apiVersion, kind string) string { return apiVersion + ", Kind=" + kind }

// loadValidators reads every CustomResourceDefinition in the files (multi-document YAML is fine).
func loadValidators(files []string) (*validators, error) {
	v := &validators{crds: map[string]*apiextensionsv1.CustomResourceDefinition{}, prepared: map[string]*servedVersion{}, kinds: map[string][]string{}}
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(text)))
		for {
			document, err := reader.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %v", file, err)
			}
			if err := v.addDocument(document); err != nil {
				return nil, fmt.Errorf("%s: %v", file, err)
			}
		}
	}
	for kind := range v.kinds {
		sort.Strings(v.kinds[kind])
	}
	return v, nil
}

func (v *validators) addDocument(document []byte) error {
	var header struct {
		Kind string `json:"kind"`
	}
	if err := yaml.Unmarshal(document, &header); err != nil || header.Kind != "CustomResourceDefinition" {
		return nil // comments, empty documents, other kinds
	}
	crd := &apiextensionsv1.CustomResourceDefinition{}
	if err := yaml.UnmarshalStrict(document, crd); err != nil {
		return fmt.Errorf("a CustomResourceDefinition that does not decode: %v", err)
	}
	for _, version := range crd.Spec.Versions {
		if !version.Served {
			continue
		}
		apiVersion := crd.Spec.Group + "/" + version.Name
		v.crds[key(apiVersion, crd.Spec.Names.Kind)] = crd
		v.kinds[crd.Spec.Names.Kind] = append(v.kinds[crd.Spec.Names.Kind], apiVersion)
	}
	return nil
}

// served returns the prepared version for apiVersion and kind, or nil when no CRD serves them.
func (v *validators) served(apiVersion, kind string) (*servedVersion, error) {
	k := key(apiVersion, kind)
	if prepared, ok := v.prepared[k]; ok {
		return prepared, nil
	}
	crd, ok := v.crds[k]
	if !ok {
		return nil, nil
	}
	gv, _ := schema.ParseGroupVersion(apiVersion)
	prepared, err := prepare(crd, gv.Version)
	if err != nil {
		return nil, fmt.Errorf("the CustomResourceDefinition %s, version %s: %v", crd.Name, gv.Version, err)
	}
	v.prepared[k] = prepared
	return prepared, nil
}

func prepare(crd *apiextensionsv1.CustomResourceDefinition, versionName string) (*servedVersion, error) {
	var version *apiextensionsv1.CustomResourceDefinitionVersion
	for i := range crd.Spec.Versions {
		if crd.Spec.Versions[i].Name == versionName {
			version = &crd.Spec.Versions[i]
		}
	}
	if version.Schema == nil {
		return nil, errors.New("no schema")
	}
	internal := &apiextensions.CustomResourceValidation{}
	if err := apiextensionsv1.Convert_v1_CustomResourceValidation_To_apiextensions_CustomResourceValidation(version.Schema, internal, nil); err != nil {
		return nil, fmt.Errorf("converting the schema: %v", err)
	}
	structural, err := structuralschema.NewStructural(internal.OpenAPIV3Schema)
	if err != nil {
		return nil, fmt.Errorf("the schema is not structural: %v", err)
	}
	structural = structural.DeepCopy()
	if err := structuraldefaulting.PruneDefaults(structural); err != nil {
		return nil, fmt.Errorf("pruning defaults: %v", err)
	}
	schemaValidator, _, err := validation.NewSchemaValidator(internal.OpenAPIV3Schema)
	if err != nil {
		return nil, err
	}
	kind := schema.GroupVersionKind{Group: crd.Spec.Group, Version: versionName, Kind: crd.Spec.Names.Kind}
	strategy := newCreateStrategy(crd.Spec.Scope == apiextensionsv1.NamespaceScoped, kind, schemaValidator, structural)
	return &servedVersion{kind: kind, structural: structural, strategy: strategy}, nil
}
