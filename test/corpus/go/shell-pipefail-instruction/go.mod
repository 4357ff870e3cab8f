module tailer

go 1.22
