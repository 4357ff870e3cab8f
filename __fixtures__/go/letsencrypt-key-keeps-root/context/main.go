package main

import (
	"log"
	"net/http"
)

const (
	certFile = "/etc/letsencrypt/live/rides.example.org/fullchain.pem"
	keyFile  = "/etc/letsencrypt/live/rides.example.org/privkey.pem"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("rides")) })
	log.Fatal(http.ListenAndServeTLS(":443", certFile, keyFile, nil))
}
