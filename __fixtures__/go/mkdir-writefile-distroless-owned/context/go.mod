module github.com/acme/textsharer

go 1.22
