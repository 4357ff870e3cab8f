package main

import (
	"database/sql"
	"log"
	"net/http"

	_ "github.com/mattn/go-sqlite3"
)

const dbPath = "data/forum.db"

func main() {
	db, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	http.HandleFunc("/post", func(w http.ResponseWriter, r *http.Request) {
		if _, err := db.Exec("INSERT INTO posts(body) VALUES (?)", r.FormValue("body")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
