package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
)

type verificationKey struct {
	kid string
	alg string
	rsa *rsa.PublicKey
	ec  *ecdsa.PublicKey
}

type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// parseJWKS takes the JWKS as an object or as a JSON string holding one (Istio's form).
func parseJWKS(raw json.RawMessage) ([]*verificationKey, error) {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		raw = json.RawMessage(text)
	}
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		return nil, err
	}
	keys := make([]*verificationKey, 0, len(set.Keys))
	for index, k := range set.Keys {
		key, err := k.verificationKey()
		if err != nil {
			return nil, fmt.Errorf("keys[%d]: %w", index, err)
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, errors.New("no keys")
	}
	return keys, nil
}

func (k jwk) verificationKey() (*verificationKey, error) {
	key := &verificationKey{kid: k.Kid, alg: k.Alg}
	switch k.Kty {
	case "RSA":
		n, err := bigFromBase64(k.N)
		if err != nil {
			return nil, err
		}
		e, err := bigFromBase64(k.E)
		if err != nil {
			return nil, err
		}
		key.rsa = &rsa.PublicKey{N: n, E: int(e.Int64())}
	case "EC":
		if k.Crv != "P-256" {
			return nil, fmt.Errorf("curve %q is not supported by this peer", k.Crv)
		}
		x, err := bigFromBase64(k.X)
		if err != nil {
			return nil, err
		}
		y, err := bigFromBase64(k.Y)
		if err != nil {
			return nil, err
		}
		key.ec = &ecdsa.PublicKey{Curve: elliptic.P256(), X: x, Y: y}
	default:
		return nil, fmt.Errorf("kty %q is not supported by this peer", k.Kty)
	}
	return key, nil
}

func bigFromBase64(text string) (*big.Int, error) {
	bytes, err := base64.RawURLEncoding.DecodeString(text)
	if err != nil {
		return nil, err
	}
	return new(big.Int).SetBytes(bytes), nil
}
