package main

import (
	"log"
	"net/http"

	"example.com/payments/ledger"
)

func main() {
	http.HandleFunc("/balance", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(ledger.Balance(r.URL.Query().Get("account")).String()))
	})
	log.Fatal(http.ListenAndServe(":9090", nil))
}
