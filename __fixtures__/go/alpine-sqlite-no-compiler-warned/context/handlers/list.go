package handlers

import (
	"database/sql"
	"html/template"
	"net/http"
)

var page = template.Must(template.ParseFiles("templates/list.html"))

// List shows every recipe, newest first.
func List(db *sql.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rows, err := db.Query("SELECT title FROM recipes ORDER BY id DESC")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		var titles []string
		for rows.Next() {
			var title string
			if err := rows.Scan(&title); err == nil {
				titles = append(titles, title)
			}
		}
		page.Execute(w, titles)
	})
}
