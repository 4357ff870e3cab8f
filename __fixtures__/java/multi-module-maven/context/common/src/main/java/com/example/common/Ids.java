package com.example.common;

public final class Ids {}
