package jobs

func Run() {}
