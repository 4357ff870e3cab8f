import httpx
import rich

rich.print(httpx.get("https://example.com").status_code)
