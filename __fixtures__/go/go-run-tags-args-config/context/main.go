package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"strings"
)

func main() {
	configPath := flag.String("config", "pinger.conf", "file with one upstream URL per line")
	flag.Parse()
	raw, err := os.ReadFile(*configPath)
	if err != nil {
		log.Fatal(err)
	}
	upstreams := strings.Fields(string(raw))
	http.HandleFunc("/upstreams", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(strings.Join(upstreams, "\n") + "\n"))
	})
	log.Printf("%s build, %d upstreams", edition, len(upstreams))
	log.Fatal(http.ListenAndServe(":8081", nil))
}
