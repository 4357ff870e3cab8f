package main

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "day 18")
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
