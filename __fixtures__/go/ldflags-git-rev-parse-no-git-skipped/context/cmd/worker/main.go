package main

import "github.com/acme/jobs/internal/jobs"

func main() { jobs.Run() }
