import pandas as pd
import streamlit as st

st.dataframe(pd.DataFrame({"a": [1, 2]}))
