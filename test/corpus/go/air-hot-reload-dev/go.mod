module devloop

go 1.22
