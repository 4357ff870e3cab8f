module gaps

go 1.22
