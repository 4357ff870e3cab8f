module paste

go 1.21
