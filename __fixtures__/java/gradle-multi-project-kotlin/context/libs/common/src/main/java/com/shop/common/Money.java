package com.shop.common;

public record Money(long cents, String currency) {}
