module github.com/acme/guestbook

go 1.22
