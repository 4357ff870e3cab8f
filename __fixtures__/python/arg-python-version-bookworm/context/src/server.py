from aiohttp import web

web.run_app(web.Application())
