// Command inventory answers stock queries and reservations.
package main

import (
	"log"
	"net/http"
	"os"

	"shop.local/services/inventory/stock"
)

func main() {
	store := stock.NewStore(map[string]int{"mug": 40, "plate": 25, "teapot": 6})
	srv := &server{store: store, poolSize: 20}
	log.Fatal(http.ListenAndServe(os.Getenv("INVENTORY_ADDR"), srv.routes()))
}
