module github.com/acme/dnsd

go 1.22
