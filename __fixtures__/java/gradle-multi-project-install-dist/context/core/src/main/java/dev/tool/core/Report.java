package dev.tool.core;

public final class Report {
  public static String render(String[] lines) {
    return String.join("\n", lines);
  }
}
