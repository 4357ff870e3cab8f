package main

import (
	"database/sql"
	"log"
	"net/http"

	_ "github.com/mattn/go-sqlite3"

	"recipes/handlers"
)

func main() {
	db, err := sql.Open("sqlite3", "db/recipes.db")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	http.Handle("/", handlers.List(db))
	log.Println("listening on :8080")
	log.Fatal(http.ListenAndServe(":8080", nil))
}
