import paho
