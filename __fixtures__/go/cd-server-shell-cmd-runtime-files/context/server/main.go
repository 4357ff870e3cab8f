package main

import (
	"html/template"
	"log"
	"net/http"
)

// Paths are relative to server/, where the container starts the binary.
var page = template.Must(template.ParseFiles("templates/board.html"))

func board(w http.ResponseWriter, r *http.Request) {
	if err := page.Execute(w, map[string]string{"Title": "Notices"}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/board", board)
	mux.Handle("/", http.FileServer(http.Dir("../web/dist")))
	log.Fatal(http.ListenAndServe(":8080", mux))
}
