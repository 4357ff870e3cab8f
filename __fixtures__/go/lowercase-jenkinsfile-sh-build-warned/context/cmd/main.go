package main

import (
	"encoding/json"
	"log"
	"net/http"
	"sync"
)

type item struct {
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

func main() {
	var mu sync.Mutex
	var items []item
	http.HandleFunc("/items", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Method == http.MethodPost {
			var it item
			if err := json.NewDecoder(r.Body).Decode(&it); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			items = append(items, it)
		}
		_ = json.NewEncoder(w).Encode(items)
	})
	log.Fatal(http.ListenAndServe(":9000", nil))
}
