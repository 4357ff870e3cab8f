package dev.tool;

public class Main {
  public static void main(String[] args) {
    System.out.println(dev.tool.core.Report.render(args));
  }
}
