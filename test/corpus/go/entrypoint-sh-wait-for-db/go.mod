module github.com/acme/svc

go 1.22
