package main

import (
	"container/list"
	"crypto/sha256"
)

// tokenCache remembers verified tokens by their SHA-256, least recently used out first.
type tokenCache struct {
	capacity int
	order    *list.List
	entries  map[[32]byte]*list.Element
}

type cacheEntry struct {
	key      [32]byte
	identity *identity
}

func newTokenCache(capacity int) *tokenCache {
	return &tokenCache{capacity: capacity, order: list.New(), entries: make(map[[32]byte]*list.Element, capacity)}
}

func (c *tokenCache) get(token string, nowSeconds float64) *identity {
	if c.capacity == 0 {
		return nil
	}
	key := sha256.Sum256([]byte(token))
	element, ok := c.entries[key]
	if !ok {
		return nil
	}
	entry := element.Value.(*cacheEntry)
	if entry.identity.expires != 0 && nowSeconds > entry.identity.expires+float64(*entry.identity.rule.ClockSkewSeconds) {
		c.order.Remove(element)
		delete(c.entries, key)
		return nil
	}
	c.order.MoveToFront(element)
	return entry.identity
}

func (c *tokenCache) put(token string, id *identity) {
	if c.capacity == 0 {
		return
	}
	key := sha256.Sum256([]byte(token))
	if c.order.Len() >= c.capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.entries, oldest.Value.(*cacheEntry).key)
	}
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, identity: id})
}
