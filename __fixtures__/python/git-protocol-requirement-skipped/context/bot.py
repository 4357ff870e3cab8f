import chatlib
