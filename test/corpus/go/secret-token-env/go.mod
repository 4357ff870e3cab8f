module github.com/acme/private-consumer

go 1.22
