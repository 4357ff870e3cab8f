module github.com/acme/users

go 1.22
