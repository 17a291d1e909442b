// Command payment charges cards, runs the fraud model and keeps the ledger.
package main

import (
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	addr := os.Getenv("PAYMENT_ADDR")
	if addr == "" {
		addr = ":8082"
	}
	svc := newService(newLedger(), loadFraudModel(), os.Getenv("FRAUD_GRAPH_FEATURES") == "1")
	mux := http.NewServeMux()
	mux.HandleFunc("/charge", svc.handleCharge)
	mux.HandleFunc("/receipt", svc.handleReceipt)
	mux.HandleFunc("/refund", svc.handleRefund)
	go func() {
		for range time.Tick(30 * time.Second) {
			if err := svc.ledger.reconcileBatch(64, os.Stderr); err != nil {
				log.Printf("reconcile: %v", err)
			}
		}
	}()
	log.Fatal(http.ListenAndServe(addr, mux))
}
