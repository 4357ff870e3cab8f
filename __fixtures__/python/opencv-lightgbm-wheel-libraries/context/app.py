import cv2
import lightgbm
import streamlit as st

st.title("Defect detector")
