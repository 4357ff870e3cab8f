package main

import (
	"fmt"
	"log"
	"net/http"

	"gopkg.in/yaml.v3"
)

var (
	version = "dev"
	commit  = "unknown"
)

func main() {
	http.HandleFunc("/version", func(w http.ResponseWriter, _ *http.Request) {
		out, _ := yaml.Marshal(map[string]string{"version": version, "commit": commit})
		fmt.Fprint(w, string(out))
	})
	log.Fatal(http.ListenAndServe(":9090", nil))
}
