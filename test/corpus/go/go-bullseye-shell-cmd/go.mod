module worker

go 1.20
