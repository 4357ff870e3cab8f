print("reqopt")
