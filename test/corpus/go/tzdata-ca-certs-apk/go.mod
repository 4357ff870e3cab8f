module reminder

go 1.22
