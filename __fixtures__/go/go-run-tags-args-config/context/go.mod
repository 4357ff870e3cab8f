module github.com/example/pinger

go 1.21
