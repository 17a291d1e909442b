// Command orders-worker consumes order events and updates the orders table.
package main

import (
	"bufio"
	"crypto/tls"
	"database/sql"
	"log"
	"os"
	"time"
)

// brokerTLS is the TLS configuration of the broker connection.
// Planted vulnerability: certificate verification is switched off.
var brokerTLS = &tls.Config{InsecureSkipVerify: true}

func main() {
	db, err := sql.Open(os.Getenv("ORDERS_DB_DRIVER"), os.Getenv("ORDERS_DB_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	w := newWorker(db)
	_ = brokerTLS
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		ev, err := parseEvent(in.Bytes())
		if err != nil {
			log.Printf("skip: %v", err)
			continue
		}
		if err := w.dispatch(ev); err != nil {
			w.retry(ev, 3, 200*time.Millisecond)
		}
	}
}
