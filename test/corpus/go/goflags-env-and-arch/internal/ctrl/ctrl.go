package ctrl
