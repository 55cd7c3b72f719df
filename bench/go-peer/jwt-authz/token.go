package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
)

// identity is a verified token's payload, kept in the token cache.
type identity struct {
	issuer  string
	subject string
	expires float64
	claims  map[string]any
	rule    *jwtRule
}

func (i *identity) principal() string { return i.issuer + "/" + i.subject }

var errVerification = errors.New("Jwt verification fails")

// verifyToken decodes, checks and verifies a compact JWS against the configured issuers.
func verifyToken(cfg *config, token string, nowSeconds float64) (*identity, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("Jwt is not in the form of Header.Payload.Signature")
	}
	var header struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err := decodeSegment(parts[0], &header); err != nil {
		return nil, err
	}
	claims := map[string]any{}
	if err := decodeSegment(parts[1], &claims); err != nil {
		return nil, err
	}
	issuer, _ := claims["iss"].(string)
	var rule *jwtRule
	for _, candidate := range cfg.JWTRules {
		if candidate.Issuer == issuer {
			rule = candidate
			break
		}
	}
	if rule == nil {
		return nil, errors.New("Jwt issuer is not configured")
	}
	skew := float64(*rule.ClockSkewSeconds)
	expires, hasExp := claims["exp"].(float64)
	if hasExp && nowSeconds > expires+skew {
		return nil, errors.New("Jwt is expired")
	}
	if notBefore, ok := claims["nbf"].(float64); ok && nowSeconds+skew < notBefore {
		return nil, errors.New("Jwt not yet valid")
	}
	if len(rule.Audiences) > 0 && !audienceAllowed(claims["aud"], rule.Audiences) {
		return nil, errors.New("Audiences in Jwt are not allowed")
	}
	signature, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, err
	}
	if !verifySignature(rule.keys, header.Alg, header.Kid, parts[0]+"."+parts[1], signature) {
		return nil, errVerification
	}
	subject, _ := claims["sub"].(string)
	return &identity{issuer: issuer, subject: subject, expires: expires, claims: claims, rule: rule}, nil
}

func decodeSegment(segment string, into any) error {
	bytes, err := base64.RawURLEncoding.DecodeString(segment)
	if err != nil {
		return err
	}
	return json.Unmarshal(bytes, into)
}

func audienceAllowed(aud any, allowed []string) bool {
	switch value := aud.(type) {
	case string:
		return contains(allowed, value)
	case []any:
		for _, item := range value {
			if text, ok := item.(string); ok && contains(allowed, text) {
				return true
			}
		}
	}
	return false
}

func verifySignature(keys []*verificationKey, alg, kid, signingInput string, signature []byte) bool {
	digest := sha256.Sum256([]byte(signingInput))
	for _, key := range keys {
		if kid != "" && key.kid != "" && key.kid != kid {
			continue
		}
		if key.alg != "" && key.alg != alg {
			continue
		}
		switch {
		case alg == "RS256" && key.rsa != nil:
			if rsa.VerifyPKCS1v15(key.rsa, crypto.SHA256, digest[:], signature) == nil {
				return true
			}
		case alg == "ES256" && key.ec != nil && len(signature) == 64:
			r := new(big.Int).SetBytes(signature[:32])
			s := new(big.Int).SetBytes(signature[32:])
			if ecdsa.Verify(key.ec, digest[:], r, s) {
				return true
			}
		}
	}
	return false
}

func contains(list []string, value string) bool {
	for _, item := range list {
		if item == value {
			return true
		}
	}
	return false
}
