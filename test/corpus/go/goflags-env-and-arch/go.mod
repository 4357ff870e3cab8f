module github.com/acme/operator

go 1.22
