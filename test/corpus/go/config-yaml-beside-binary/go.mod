module crawler

go 1.22
