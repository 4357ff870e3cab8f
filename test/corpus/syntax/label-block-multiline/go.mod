module meter

go 1.22
