import scrapy
