package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
)

type fieldError struct {
	// Field is the path, e.g. "spec.sha256"; empty for the whole document.
	Field string `json:"field"`
	// Type is Kubernetes' error type, e.g. "FieldValueInvalid".
	Type   string `json:"type"`
	Detail string `json:"detail"`
	// Message is the error as the API server words it (without the field path).
	Message string `json:"message"`
}

type result struct {
	Errors []fieldError `json:"errors"`
}

// validate runs what a create request goes through: decoding (strict field
// validation, pruning, nulls, defaults), PrepareForCreate, then Validate.
func (v *validators) validate(document json.RawMessage) result {
	// As the API server decodes a body: whole numbers become int64, not float64.
	object := map[string]interface{}{}
	if err := utiljson.Unmarshal(document, &object); err != nil {
		return single("", "FieldValueInvalid", fmt.Sprintf("the document is not a JSON object: %v", err))
	}
	u := &unstructured.Unstructured{Object: object}
	served, problem := v.servedVersionOf(u)
	if problem != nil {
		return result{Errors: []fieldError{*problem}}
	}
	if served.strategy.namespaceScoped && u.GetNamespace() == "" {
		// kubectl sends a document without a namespace to its current namespace ("default").
		u.SetNamespace(metav1.NamespaceDefault)
	}
	errors := decode(u, served.structural)
	ctx := genericapirequest.WithNamespace(context.Background(), u.GetNamespace())
	served.strategy.PrepareForCreate(ctx, u)
	for _, err := range served.strategy.Validate(ctx, u) {
		errors = append(errors, fromFieldError(err))
	}
	// The CEL validator walks maps, so the API server's order varies from call to call: sort for stable output.
	sort.SliceStable(errors, func(i, j int) bool { return errors[i].Field < errors[j].Field })
	return result{Errors: errors}
}

func (v *validators) servedVersionOf(u *unstructured.Unstructured) (*servedVersion, *fieldError) {
	apiVersion, kind := u.GetAPIVersion(), u.GetKind()
	served, err := v.served(apiVersion, kind)
	if err != nil {
		return nil, &fieldError{Field: "", Type: "InternalError", Detail: err.Error(), Message: "Internal error: " + err.Error()}
	}
	if served != nil {
		return served, nil
	}
	if versions, ok := v.kinds[kind]; ok {
		return nil, &fieldError{Field: "apiVersion", Type: "FieldValueNotSupported", Detail: fmt.Sprintf("%s is served as %s", kind, strings.Join(versions, ", ")),
			Message: fmt.Sprintf("Unsupported value: %q: supported values: %s", apiVersion, quoteAll(versions))}
	}
	known := make([]string, 0, len(v.kinds))
	for k := range v.kinds {
		known = append(known, k)
	}
	sort.Strings(known)
	return nil, &fieldError{Field: "kind", Type: "FieldValueNotSupported", Detail: "no CustomResourceDefinition defines this kind",
		Message: fmt.Sprintf("Unsupported value: %q: no CustomResourceDefinition given defines it (they define: %s)", kind, strings.Join(known, ", "))}
}

func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, value := range values {
		quoted[i] = strconv.Quote(value)
	}
	return strings.Join(quoted, ", ")
}

// decode does what the API server's schemaCoercingDecoder and
// unstructuredDefaulter do to a create request's body under
// fieldValidation=Strict: every pruned (unknown) field is an error.
func decode(u *unstructured.Unstructured, s *structuralschema.Structural) []fieldError {
	var unknown []string
	objectMeta, foundObjectMeta, metaUnknown, err := schemaobjectmeta.GetObjectMetaWithOptions(u.Object, schemaobjectmeta.ObjectMetaOptions{ReturnUnknownFieldPaths: true})
	if err != nil {
		return []fieldError{{Field: "metadata", Type: "FieldValueInvalid", Detail: err.Error(), Message: err.Error()}}
	}
	unknown = append(unknown, metaUnknown...)
	kind, apiVersion := u.GetKind(), u.GetAPIVersion()
	unknown = append(unknown, structuralpruning.PruneWithOptions(u.Object, s, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
	structuraldefaulting.PruneNonNullableNullsWithoutDefaults(u.Object, s)
	if fieldErr, paths := schemaobjectmeta.CoerceWithOptions(nil, u.Object, s, false, schemaobjectmeta.CoerceOptions{ReturnUnknownFieldPaths: true}); fieldErr != nil {
		return []fieldError{fromFieldError(fieldErr)}
	} else {
		unknown = append(unknown, paths...)
	}
	u.SetKind(kind)
	u.SetAPIVersion(apiVersion)
	if foundObjectMeta {
		if err := schemaobjectmeta.SetObjectMeta(u.Object, objectMeta); err != nil {
			return []fieldError{{Field: "metadata", Type: "FieldValueInvalid", Detail: err.Error(), Message: err.Error()}}
		}
	}
	structuraldefaulting.Default(u.Object, s)

	errors := make([]fieldError, 0, len(unknown))
	for _, path := range unknown {
		errors = append(errors, fieldError{Field: path, Type: "FieldValueUnknown", Detail: "field not declared in schema",
			Message: fmt.Sprintf("strict decoding error: unknown field %q", path)})
	}
	return errors
}

func fromFieldError(err *field.Error) fieldError {
	path := err.Field
	if path == "<nil>" {
		path = "" // the whole object
	}
	return fieldError{Field: path, Type: string(err.Type), Detail: err.Detail, Message: err.ErrorBody()}
}

func single(path, errorType, message string) result {
	return result{Errors: []fieldError{{Field: path, Type: errorType, Detail: message, Message: message}}}
}
