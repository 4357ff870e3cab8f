package main

import (
	"embed"
	"html/template"
	"log"
	"net/http"

	"github.com/acme/guestbook/config"
)

//go:embed static
var assets embed.FS

// The page template is read from disk so that it can be edited without a rebuild.
var page = template.Must(template.ParseFiles("./read.html"))

func main() {
	cfg := config.Load()
	http.Handle("/static/", http.FileServer(http.FS(assets)))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if err := page.Execute(w, cfg); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	log.Fatal(http.ListenAndServe(cfg.Addr, nil))
}
