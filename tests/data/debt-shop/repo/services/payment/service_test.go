package main

import (
	"errors"
	"strings"
	"testing"
)

func TestDecodeChargeRequest(t *testing.T) {
	req, err := decodeChargeRequest(strings.NewReader(`{"order_id":"o-1","account":7,"amount":12.5,"currency":"EUR","items":2}`))
	if err != nil {
		t.Fatal(err)
	}
	if req.OrderID != "o-1" || req.Account != 7 || req.Items != 2 {
		t.Fatalf("decoded %+v", req)
	}
}

func TestDecodeChargeRequestRejects(t *testing.T) {
	for _, body := range []string{`{`, `{"amount":3,"currency":"EUR"}`, `{"order_id":"o","amount":-1,"currency":"EUR"}`} {
		if _, err := decodeChargeRequest(strings.NewReader(body)); !errors.Is(err, errBadRequest) {
			t.Errorf("%s: got %v", body, err)
		}
	}
}

func TestLedgerAppend(t *testing.T) {
	l := newLedger()
	l.Append(1, 10)
	l.Append(1, 5)
	l.Append(2, 1)
	if got := l.balances[1]; got != 15 {
		t.Fatalf("balance 1 = %v", got)
	}
	if len(l.entries) != 3 {
		t.Fatalf("%d entries", len(l.entries))
	}
}

func TestLedgerRefund(t *testing.T) {
	l := newLedger()
	l.Append(4, 20)
	if err := l.Refund(4, 5); err != nil {
		t.Fatal(err)
	}
	if err := l.Refund(4, 50); err == nil {
		t.Fatal("refund above the balance accepted")
	}
	if err := l.Refund(4, 0); err == nil {
		t.Fatal("zero refund accepted")
	}
	if h := l.History(4); len(h) != 2 || h[1] != -5 {
		t.Fatalf("history %v", h)
	}
	if l.Balance(4) != 15 {
		t.Fatalf("balance %v", l.Balance(4))
	}
}

func TestRunFraudCheckWithoutGraph(t *testing.T) {
	m := loadFraudModel()
	small := chargeRequest{OrderID: "o-2", Amount: 20, Currency: "EUR", Items: 1}
	if got := runFraudCheck(m, small, false); got != 0.05 {
		t.Fatalf("score %v", got)
	}
	large := chargeRequest{OrderID: "o-4", Amount: 900, Currency: "EUR", Items: 12}
	if got := runFraudCheck(newService(newLedger(), m, false).model, large, false); got < 0.34 || got > 0.36 {
		t.Fatalf("score %v", got)
	}
}

func TestRenderReceipt(t *testing.T) {
	r := renderReceipt("o-3", 12)
	if !strings.HasPrefix(r, "RECEIPT o-3\nbalance 12.00\nsignature ") {
		t.Fatalf("receipt %q", r)
	}
}
