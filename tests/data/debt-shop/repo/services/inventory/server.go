package main

import (
	"encoding/json"
	"net/http"
	"strconv"

	"shop.local/services/inventory/stock"
)

type server struct {
	store    *stock.Store
	poolSize int
	inUse    int
}

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/stock", s.getStock)
	mux.HandleFunc("/reserve", s.reserve)
	mux.HandleFunc("/restock", s.restock)
	return mux
}

func (s *server) getStock(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	if sku == "" {
		http.Error(w, "no sku", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]int{sku: s.store.Available(sku)})
}

func (s *server) reserve(w http.ResponseWriter, r *http.Request) {
	if s.inUse >= s.poolSize {
		http.Error(w, "pg pool exhausted", http.StatusServiceUnavailable)
		return
	}
	qty, err := strconv.Atoi(r.URL.Query().Get("qty"))
	if err != nil {
		http.Error(w, "bad qty", http.StatusBadRequest)
		return
	}
	if err := s.store.Reserve(r.URL.Query().Get("sku"), qty); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *server) restock(w http.ResponseWriter, r *http.Request) {
	qty, err := strconv.Atoi(r.URL.Query().Get("qty"))
	if err != nil {
		http.Error(w, "bad qty", http.StatusBadRequest)
		return
	}
	sku := r.URL.Query().Get("sku")
	s.store.Restock(sku, qty)
	w.WriteHeader(http.StatusNoContent)
}
