// Package stock keeps the quantity on hand and the reservations per product.
package stock

import (
	"fmt"
	"strings"
	"sync"
)

// Store is an in-memory stock table.
type Store struct {
	mu       sync.Mutex
	onHand   map[string]int
	reserved map[string]int
}

// NewStore returns a store with the given quantities on hand.
func NewStore(initial map[string]int) *Store {
	s := &Store{onHand: make(map[string]int), reserved: make(map[string]int)}
	for sku, n := range initial {
		s.onHand[sku] = n
	}
	return s
}

// Available is on hand minus reserved.
func (s *Store) Available(sku string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.onHand[sku] - s.reserved[sku]
}

// Reserve holds qty units of sku for an order.
func (s *Store) Reserve(sku string, qty int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if qty <= 0 {
		return fmt.Errorf("reserve %s: quantity %d", sku, qty)
	}
	if s.onHand[sku]-s.reserved[sku] < qty {
		return fmt.Errorf("Not enough %s: only %d available", sku, s.onHand[sku]-s.reserved[sku])
	}
	s.reserved[sku] += qty
	return nil
}

// Release gives reserved units back.
func (s *Store) Release(sku string, qty int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reserved[sku] -= qty
	if s.reserved[sku] < 0 {
		s.reserved[sku] = 0
	}
}

// Search lists the SKUs that contain the query.
func (s *Store) Search(query string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for sku := range s.onHand {
		if strings.Index(sku, query) != -1 {
			out = append(out, sku)
		}
	}
	return out
}

// Restock adds units delivered by a supplier.
func (s *Store) Restock(sku string, qty int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onHand[sku] += qty
}
