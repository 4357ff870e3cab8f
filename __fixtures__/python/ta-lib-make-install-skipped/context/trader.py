import talib
import ccxt

print(talib.__version__, ccxt.__version__)
