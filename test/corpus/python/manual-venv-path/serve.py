import aiohttp
