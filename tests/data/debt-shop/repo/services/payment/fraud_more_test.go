package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The testing push: the charge handler, receipts and the reconcile job.
// The graph-feature path (computeFraudScore) is still not exercised.

func TestHandleCharge(t *testing.T) {
	s := newService(newLedger(), loadFraudModel(), false)
	body := `{"order_id":"o-9","account":3,"amount":640,"currency":"EUR","items":12}`
	rec := httptest.NewRecorder()
	s.handleCharge(rec, httptest.NewRequest(http.MethodPost, "/charge", strings.NewReader(body)))
	var res chargeResult
	if err := json.NewDecoder(rec.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	if !res.Approved || res.FraudScore < 0.3 {
		t.Fatalf("result %+v", res)
	}
	if s.ledger.Balance(3) != 640 {
		t.Fatalf("balance %v", s.ledger.Balance(3))
	}
}

func TestHandleChargeBadRequest(t *testing.T) {
	s := newService(newLedger(), loadFraudModel(), false)
	rec := httptest.NewRecorder()
	s.handleCharge(rec, httptest.NewRequest(http.MethodPost, "/charge", strings.NewReader(`{}`)))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("code %d", rec.Code)
	}
}

func TestReceipt(t *testing.T) {
	s := newService(newLedger(), loadFraudModel(), false)
	rec := httptest.NewRecorder()
	s.handleReceipt(rec, httptest.NewRequest(http.MethodGet, "/receipt?order=o-9", nil))
	if !strings.HasPrefix(rec.Body.String(), "RECEIPT o-9\n") || !strings.Contains(rec.Body.String(), "signature ") {
		t.Fatalf("receipt %q", rec.Body.String())
	}
}

func TestReconcileBatch(t *testing.T) {
	l := newLedger()
	l.Append(2, 4)
	l.Append(1, 6)
	var buf bytes.Buffer
	if err := l.reconcileBatch(1, &buf); err != nil {
		t.Fatal(err)
	}
	want := "checkpoint batch=1 entries=1\n1 6.00\n2 4.00\n"
	if buf.String() != want {
		t.Fatalf("checkpoint %q", buf.String())
	}
	if l.reconcileBatch(0, &buf) == nil {
		t.Fatal("batch size 0 accepted")
	}
}

func TestHandleRefund(t *testing.T) {
	s := newService(newLedger(), loadFraudModel(), false)
	s.ledger.Append(5, 30)
	cases := []struct {
		method, body string
		code         int
	}{
		{http.MethodGet, ``, http.StatusMethodNotAllowed},
		{http.MethodPost, `{`, http.StatusBadRequest},
		{http.MethodPost, `{"account":5,"amount":50}`, http.StatusConflict},
		{http.MethodPost, `{"account":5,"amount":10}`, http.StatusNoContent},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		s.handleRefund(rec, httptest.NewRequest(c.method, "/refund", strings.NewReader(c.body)))
		if rec.Code != c.code {
			t.Errorf("%s %s: code %d, want %d", c.method, c.body, rec.Code, c.code)
		}
	}
	if s.ledger.Balance(5) != 20 {
		t.Fatalf("balance %v", s.ledger.Balance(5))
	}
}

func TestReceiptWithoutOrder(t *testing.T) {
	s := newService(newLedger(), loadFraudModel(), false)
	rec := httptest.NewRecorder()
	s.handleReceipt(rec, httptest.NewRequest(http.MethodGet, "/receipt", nil))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("code %d", rec.Code)
	}
}

func TestValidateCurrency(t *testing.T) {
	if validate(chargeRequest{OrderID: "o", Amount: 1, Currency: "EURO"}) == nil {
		t.Fatal("four-letter currency accepted")
	}
}
