module example.com/noticeboard

go 1.22
