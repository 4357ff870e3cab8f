from dotenv import load_dotenv

load_dotenv(".env.test")
