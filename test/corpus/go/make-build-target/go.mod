module github.com/acme/ctl

go 1.22
