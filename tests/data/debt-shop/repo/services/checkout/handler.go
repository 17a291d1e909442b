package main

import (
	"encoding/json"
	"net/http"
	"sync"

	"shop.local/services/checkout/cart"
)

type carts interface {
	get(session string) *cart.Cart
}

type memoryCarts struct {
	mu    sync.Mutex
	carts map[string]*cart.Cart
}

func newMemoryCarts() *memoryCarts { return &memoryCarts{carts: make(map[string]*cart.Cart)} }

func (m *memoryCarts) get(session string) *cart.Cart {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.carts[session]
	if !ok {
		c = cart.New()
		m.carts[session] = c
	}
	return c
}

type handler struct {
	carts carts
}

func newHandler(c carts) *handler { return &handler{carts: c} }

func (h *handler) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/cart/add", h.add)
	mux.HandleFunc("/checkout/preview", h.preview)
	return mux
}

type addRequest struct {
	Session  string `json:"session"`
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
	Cents    int64  `json:"cents"`
}

func (h *handler) add(w http.ResponseWriter, r *http.Request) {
	var req addRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Session == "" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if err := h.carts.get(req.Session).Add(req.SKU, req.Quantity, req.Cents); err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type preview struct {
	Items      int   `json:"items"`
	TotalCents int64 `json:"total_cents"`
}

func (h *handler) preview(w http.ResponseWriter, r *http.Request) {
	session := r.URL.Query().Get("session")
	if session == "" {
		http.Error(w, "no session", http.StatusBadRequest)
		return
	}
	c := h.carts.get(session)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(preview{Items: c.Items(), TotalCents: c.Total(5)})
}
