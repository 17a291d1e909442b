// Package cart holds a customer's cart and prices it.
package cart

import (
	"errors"
	"sort"
)

// Line is one product in a cart.
type Line struct {
	SKU      string
	Quantity int
	Cents    int64
}

// Cart is a set of lines keyed by SKU.
type Cart struct {
	lines map[string]Line
}

// ErrQuantity is returned for a quantity below one.
var ErrQuantity = errors.New("cart: quantity must be at least 1")

// New returns an empty cart.
func New() *Cart { return &Cart{lines: make(map[string]Line)} }

// Add puts a product in the cart or raises its quantity.
func (c *Cart) Add(sku string, qty int, cents int64) error {
	if qty < 1 {
		return ErrQuantity
	}
	l := c.lines[sku]
	l.SKU, l.Cents = sku, cents
	l.Quantity += qty
	c.lines[sku] = l
	return nil
}

// Remove takes a product out of the cart.
func (c *Cart) Remove(sku string) bool {
	if _, ok := c.lines[sku]; !ok {
		return false
	}
	delete(c.lines, sku)
	return true
}

// Lines returns the lines sorted by SKU.
func (c *Cart) Lines() []Line {
	out := make([]Line, 0, len(c.lines))
	for _, l := range c.lines {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SKU < out[j].SKU })
	return out
}

// Items counts the units in the cart.
func (c *Cart) Items() int {
	n := 0
	for _, l := range c.lines {
		n += l.Quantity
	}
	return n
}

// Total prices the cart in cents, with a discount in percent for carts of ten units or more.
func (c *Cart) Total(bulkDiscountPercent int64) int64 {
	var sum int64
	for _, l := range c.lines {
		sum += int64(l.Quantity) * l.Cents
	}
	if c.Items() >= 10 {
		sum -= sum * bulkDiscountPercent / 100
	}
	return sum
}
