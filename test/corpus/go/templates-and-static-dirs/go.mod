module github.com/someone/guestbook

go 1.22
