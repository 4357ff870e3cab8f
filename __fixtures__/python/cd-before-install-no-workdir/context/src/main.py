import time

import requests

while True:
    print(requests.get("https://example.org/health", timeout=5).status_code, flush=True)
    time.sleep(60)
