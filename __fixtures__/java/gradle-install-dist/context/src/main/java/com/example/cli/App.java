package com.example.cli;

public class App {
  public static void main(String[] args) {
    System.out.println("cli");
  }
}
