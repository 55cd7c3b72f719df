package main

import (
	"context"
	"fmt"

	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structurallisttype "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	apiextensionsvalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/api/operation"
	metavalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"k8s.io/apiserver/pkg/features"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
)

// createStrategy is the create path of the API server's custom resource
// strategy (k8s.io/apiextensions-apiserver/pkg/registry/customresource:
// strategy.go and validator.go), assembled from the same exported functions
// it calls. Importing that package itself would bring the API server's
// storage layer (etcd client, gRPC) and make this program take minutes to
// build; the calls below are the ones its Validate makes, in its order.
type createStrategy struct {
	namespaceScoped bool
	kind            schema.GroupVersionKind
	schemaValidator apiextensionsvalidation.SchemaValidator
	structural      *structuralschema.Structural
	celValidator    *cel.Validator
}

func newCreateStrategy(namespaceScoped bool, kind schema.GroupVersionKind, schemaValidator apiextensionsvalidation.SchemaValidator, structural *structuralschema.Structural) *createStrategy {
	return &createStrategy{
		namespaceScoped: namespaceScoped,
		kind:            kind,
		schemaValidator: schemaValidator,
		structural:      structural,
		celValidator:    cel.NewValidator(structural, true, celconfig.PerCallLimit),
	}
}

// PrepareForCreate: a created object starts at generation 1 (no status subresource here).
func (s *createStrategy) PrepareForCreate(_ context.Context, obj runtime.Object) {
	obj.(*unstructured.Unstructured).SetGeneration(1)
}

// Validate is customResourceStrategy.Validate for a create.
func (s *createStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	u := obj.(*unstructured.Unstructured)
	var errs field.ErrorList
	errs = append(errs, s.validateTypeAndSchema(ctx, u)...)
	errs = append(errs, schemaobjectmeta.Validate(ctx, nil, u.Object, s.structural, false)...)
	errs = append(errs, structurallisttype.ValidateListSetsAndMaps(nil, s.structural, u.Object)...)
	if blocked, err := hasBlockingErr(errs); blocked {
		errs = append(errs, err)
	} else {
		celErrs, _ := s.celValidator.Validate(ctx, nil, s.structural, u.Object, nil, celconfig.RuntimeCELCostBudget)
		errs = append(errs, celErrs...)
	}
	return errs
}

// validateTypeAndSchema is customResourceValidator.Validate (no scale subresource here).
func (s *createStrategy) validateTypeAndSchema(ctx context.Context, u *unstructured.Unstructured) field.ErrorList {
	if errs := s.validateTypeMeta(u); len(errs) > 0 {
		return errs
	}
	var errs field.ErrorList
	metadata, metaErrs := objectMetaOf(u)
	if len(metaErrs) > 0 {
		errs = append(errs, metaErrs...)
	} else {
		declarative := utilfeature.DefaultFeatureGate.Enabled(features.DeclarativeValidationBeta)
		errs = append(errs, metavalidation.ValidateObjectMetaDeclaratively(ctx, operation.Create, metadata, nil, s.namespaceScoped, metavalidation.NameIsDNSSubdomain, field.NewPath("metadata"), declarative)...)
	}
	errs = append(errs, apiextensionsvalidation.ValidateCustomResource(nil, u.UnstructuredContent(), s.schemaValidator)...)
	return errs
}

func (s *createStrategy) validateTypeMeta(u *unstructured.Unstructured) field.ErrorList {
	var errs field.ErrorList
	if u.GetKind() != s.kind.Kind {
		errs = append(errs, field.Invalid(field.NewPath("kind"), u.GetKind(), fmt.Sprintf("must be %v", s.kind.Kind)))
	}
	if want := s.kind.Group + "/" + s.kind.Version; u.GetAPIVersion() != want {
		errs = append(errs, field.Invalid(field.NewPath("apiVersion"), u.GetAPIVersion(), fmt.Sprintf("must be %v", want)))
	}
	return errs
}

func objectMetaOf(u *unstructured.Unstructured) (*metav1.ObjectMeta, field.ErrorList) {
	raw := u.UnstructuredContent()["metadata"]
	if raw == nil {
		return &metav1.ObjectMeta{}, nil
	}
	metadataMap, ok := raw.(map[string]interface{})
	if !ok {
		return nil, field.ErrorList{field.Invalid(field.NewPath("metadata"), raw, fmt.Sprintf("expected map[string]interface{}, got %T", raw))}
	}
	metadata := &metav1.ObjectMeta{}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(metadataMap, metadata); err != nil {
		return nil, field.ErrorList{field.Invalid(field.NewPath("metadata"), metadataMap, err.Error())}
	}
	return metadata, nil
}

// hasBlockingErr: CEL rules are not evaluated after these error types (strategy.go).
func hasBlockingErr(errs field.ErrorList) (bool, *field.Error) {
	for _, err := range errs {
		switch err.Type {
		case field.ErrorTypeNotSupported, field.ErrorTypeRequired, field.ErrorTypeTooLong, field.ErrorTypeTooMany, field.ErrorTypeTypeInvalid:
			return true, field.Invalid(nil, nil, "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation")
		}
	}
	return false, nil
}
