package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"time"
	_ "time/tzdata"
)

func main() {
	listen := flag.String("listen", ":8080", "address to listen on")
	flag.Parse()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		loc, err := time.LoadLocation(r.URL.Query().Get("tz"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintln(w, time.Now().In(loc).Format(time.RFC1123))
	})
	log.Fatal(http.ListenAndServe(*listen, nil))
}
