module github.com/acme/gen-api

go 1.22
