package main

import "log"

var version = "dev"

func main() {
	log.Printf("syncer %s", version)
}
