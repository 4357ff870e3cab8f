module shortener

go 1.20
