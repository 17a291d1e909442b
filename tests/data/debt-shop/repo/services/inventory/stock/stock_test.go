package stock

import "testing"

func TestReserveAndRelease(t *testing.T) {
	s := NewStore(map[string]int{"mug": 3})
	if err := s.Reserve("mug", 2); err != nil {
		t.Fatal(err)
	}
	if err := s.Reserve("mug", 2); err == nil {
		t.Fatal("over-reservation accepted")
	}
	if err := s.Reserve("mug", 0); err == nil {
		t.Fatal("zero reservation accepted")
	}
	s.Release("mug", 5)
	s.Restock("mug", 1)
	if got := s.Available("mug"); got != 4 {
		t.Fatalf("available %d", got)
	}
}

func TestSearch(t *testing.T) {
	s := NewStore(map[string]int{"mug-blue": 1, "plate": 2})
	if got := s.Search("mug"); len(got) != 1 || got[0] != "mug-blue" {
		t.Fatalf("search %v", got)
	}
}
