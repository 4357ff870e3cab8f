module example.org/rides

go 1.22
