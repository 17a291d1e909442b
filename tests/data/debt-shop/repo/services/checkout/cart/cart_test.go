package cart

import "testing"

func TestCart(t *testing.T) {
	c := New()
	if err := c.Add("b-2", 2, 150); err != nil {
		t.Fatal(err)
	}
	if err := c.Add("a-1", 1, 1000); err != nil {
		t.Fatal(err)
	}
	if err := c.Add("b-2", 1, 150); err != nil {
		t.Fatal(err)
	}
	if err := c.Add("c-3", 0, 1); err != ErrQuantity {
		t.Fatalf("zero quantity: %v", err)
	}
	lines := c.Lines()
	if len(lines) != 2 || lines[0].SKU != "a-1" || lines[1].Quantity != 3 {
		t.Fatalf("lines %+v", lines)
	}
	if got := c.Total(10); got != 1450 {
		t.Fatalf("total %d", got)
	}
	if !c.Remove("a-1") || c.Remove("a-1") {
		t.Fatal("remove")
	}
}

func TestBulkDiscount(t *testing.T) {
	c := New()
	_ = c.Add("x", 10, 100)
	if got := c.Total(10); got != 900 {
		t.Fatalf("total %d", got)
	}
	if c.Items() != 10 {
		t.Fatalf("items %d", c.Items())
	}
}
