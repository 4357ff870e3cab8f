package main

import (
	"database/sql"
	"log"
	"net/http"

	_ "github.com/mattn/go-sqlite3"
)

func main() {
	db, err := sql.Open("sqlite3", "./static/forum.db")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	http.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("./static"))))
	http.HandleFunc("/post", func(w http.ResponseWriter, r *http.Request) {
		if _, err := db.Exec("INSERT INTO posts(body) VALUES (?)", r.FormValue("body")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
