package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"shop.local/services/inventory/stock"
)

func TestReserve(t *testing.T) {
	s := &server{store: stock.NewStore(map[string]int{"mug": 2}), poolSize: 1}
	h := s.routes()
	for _, c := range []struct {
		url  string
		code int
	}{
		{"/reserve?sku=mug&qty=1", http.StatusNoContent},
		{"/reserve?sku=mug&qty=5", http.StatusConflict},
		{"/reserve?sku=mug&qty=x", http.StatusBadRequest},
		{"/stock?sku=mug", http.StatusOK},
		{"/stock", http.StatusBadRequest},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.url, nil))
		if rec.Code != c.code {
			t.Errorf("%s: %d", c.url, rec.Code)
		}
	}
	s.inUse = 1
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/reserve?sku=mug&qty=1", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("pool exhausted: %d", rec.Code)
	}
}
