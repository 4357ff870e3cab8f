package main

import (
	"log"
	"net/http"

	"github.com/acme/hello/router"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", router.New()))
}
