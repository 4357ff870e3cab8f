import express from "express"
