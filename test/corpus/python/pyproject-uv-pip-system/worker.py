import rq
