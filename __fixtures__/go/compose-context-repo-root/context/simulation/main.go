package main

import (
	"log"
	"time"
)

func main() {
	for range time.Tick(time.Second) {
		log.Println("tick")
	}
}
