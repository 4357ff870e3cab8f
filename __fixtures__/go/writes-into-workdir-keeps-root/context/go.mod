module github.com/acme/todo

go 1.22
