// Command checkout prices carts and places orders.
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	h := newHandler(newMemoryCarts())
	log.Fatal(http.ListenAndServe(os.Getenv("CHECKOUT_ADDR"), h.routes()))
}
