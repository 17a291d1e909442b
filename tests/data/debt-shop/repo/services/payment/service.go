package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
)

// receiptSigningKey signs receipts. Planted vulnerability: a hard-coded credential.
const receiptSigningKey = "demo-signing-key-not-a-secret"

type chargeRequest struct {
	OrderID  string  `json:"order_id"`
	Account  int     `json:"account"`
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
	Items    int     `json:"items"`
}

type chargeResult struct {
	OrderID    string  `json:"order_id"`
	Approved   bool    `json:"approved"`
	FraudScore float64 `json:"fraud_score"`
}

type service struct {
	ledger        *Ledger
	model         *fraudModel
	graphFeatures bool
}

func newService(l *Ledger, m *fraudModel, graph bool) *service {
	return &service{ledger: l, model: m, graphFeatures: graph}
}

var errBadRequest = errors.New("bad charge request")

func decodeChargeRequest(r io.Reader) (chargeRequest, error) {
	var req chargeRequest
	if err := json.NewDecoder(r).Decode(&req); err != nil {
		return req, fmt.Errorf("%w: %v", errBadRequest, err)
	}
	if err := validate(req); err != nil {
		return req, err
	}
	return req, nil
}

func validate(req chargeRequest) error {
	switch {
	case req.OrderID == "":
		return fmt.Errorf("%w: no order id", errBadRequest)
	case req.Amount <= 0:
		return fmt.Errorf("%w: amount %.2f", errBadRequest, req.Amount)
	case len(req.Currency) != 3:
		return fmt.Errorf("%w: currency %q", errBadRequest, req.Currency)
	}
	return nil
}

func (s *service) handleCharge(w http.ResponseWriter, r *http.Request) {
	req, err := decodeChargeRequest(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	score := runFraudCheck(s.model, req, s.graphFeatures)
	res := chargeResult{OrderID: req.OrderID, Approved: score < 0.8, FraudScore: score}
	if res.Approved {
		s.ledger.Append(req.Account, req.Amount)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(res)
}

type refundRequest struct {
	Account int     `json:"account"`
	Amount  float64 `json:"amount"`
}

func (s *service) handleRefund(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	var req refundRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := s.ledger.Refund(req.Account, req.Amount); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type fraudModel struct {
	weights []float64
	bias    float64
}

func loadFraudModel() *fraudModel {
	m := &fraudModel{weights: make([]float64, 64), bias: -2.5}
	for i := range m.weights {
		m.weights[i] = math.Sin(float64(i+1)) / 8
	}
	return m
}

// runFraudCheck scores a charge. With graph features on, carts of four items or more
// go through the expensive graph model (computeFraudScore).
func runFraudCheck(m *fraudModel, req chargeRequest, graph bool) float64 {
	base := 0.05
	if isLargeAmount(req.Amount) {
		base += 0.2
	}
	if req.Items > 10 {
		base += 0.1
	}
	if !graph || req.Items < 4 {
		return base
	}
	features := buildFeatureVector(req, len(m.weights))
	return math.Max(base, computeFraudScore(m.weights, features, 40*req.Items))
}

func isLargeAmount(amount float64) bool {
	if amount > 500 {
		return true
	}
	return false
}

func buildFeatureVector(req chargeRequest, n int) []float64 {
	f := make([]float64, n)
	seed := float64(req.Account%97) + req.Amount/100
	for i := range f {
		f[i] = math.Mod(seed*float64(i+3), 1.0)
	}
	return f
}

// computeFraudScore runs the graph model: rounds of message passing over the features.
func computeFraudScore(weights, features []float64, rounds int) float64 {
	state := append([]float64(nil), features...)
	for r := 0; r < rounds; r++ {
		next := make([]float64, len(state))
		for i := range state {
			acc := 0.0
			for j, w := range weights {
				acc += w * state[(i+j)%len(state)]
			}
			next[i] = math.Tanh(acc)
		}
		state = next
	}
	sum := 0.0
	for _, v := range state {
		sum += v
	}
	return 1 / (1 + math.Exp(-sum/float64(len(state))))
}

func (s *service) handleReceipt(w http.ResponseWriter, r *http.Request) {
	order := r.URL.Query().Get("order")
	if order == "" {
		http.Error(w, "no order", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, renderReceipt(order, s.ledger.Balance(0)))
}

func renderReceipt(order string, balance float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "RECEIPT %s\n", order)
	fmt.Fprintf(&b, "balance %.2f\n", balance)
	mac := hmac.New(sha256.New, []byte(receiptSigningKey))
	mac.Write([]byte(b.String()))
	fmt.Fprintf(&b, "signature %s\n", hex.EncodeToString(mac.Sum(nil)))
	return b.String()
}
