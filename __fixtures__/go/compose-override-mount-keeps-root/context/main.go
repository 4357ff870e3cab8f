package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	if err := os.MkdirAll("data", 0o755); err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/note", func(w http.ResponseWriter, r *http.Request) {
		if err := os.WriteFile("data/last.txt", []byte(r.URL.Query().Get("text")), 0o644); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
