package main

import (
	"log"
	"net/http"

	"github.com/example/rides/shared"
	_ "github.com/lib/pq"
)

func main() {
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	})
	log.Fatal(http.ListenAndServe(":"+shared.Port(), nil))
}
