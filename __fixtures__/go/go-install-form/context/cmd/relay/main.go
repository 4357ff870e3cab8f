package main

import (
	"io"
	"log"
	"net"

	"github.com/google/uuid"
)

func main() {
	listener, err := net.Listen("tcp", ":4222")
	if err != nil {
		log.Fatal(err)
	}
	for {
		conn, err := listener.Accept()
		if err != nil {
			continue
		}
		go func() {
			defer conn.Close()
			log.Printf("session %s", uuid.NewString())
			_, _ = io.Copy(conn, conn)
		}()
	}
}
