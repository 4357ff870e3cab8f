module cached

go 1.22
