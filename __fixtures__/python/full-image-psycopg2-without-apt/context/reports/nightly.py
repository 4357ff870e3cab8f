import MySQLdb
import psycopg2

print(psycopg2.__version__, MySQLdb.version_info)
