module github.com/acme/queue

go 1.22
