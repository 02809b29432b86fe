package dev.iii.examples.filesplit;

import java.util.Objects;

/**
 * One record of the example's file: a CSV line {@code region,product,quantity,cents} (no header; blank lines and
 * lines starting with {@code #} are skipped). It travels through the channel as one JSON line.
 */
public record Sale(String region, String product, int quantity, long cents) {

  public Sale {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(product, "product");
    if (quantity < 0 || cents < 0) {
      throw new IllegalArgumentException("quantity and cents must be >= 0, got " + quantity + " and " + cents);
    }
  }

  /** True for lines that hold no record: blank ones and {@code #} comments. */
  public static boolean isRecordLine(String line) {
    String trimmed = line.strip();
    return !trimmed.isEmpty() && !trimmed.startsWith("#");
  }

  /**
   * Parses one CSV line. {@code lineNumber} (1-based) only serves the error message, so that a bad record in a
   * large file can be found.
   */
  public static Sale parse(String line, long lineNumber) {
    String[] fields = line.strip().split(",", -1);
    if (fields.length != 4) {
      throw new IllegalArgumentException("line " + lineNumber + ": expected region,product,quantity,cents but got "
          + fields.length + " field(s): '" + line + "'");
    }
    try {
      return new Sale(fields[0].strip(), fields[1].strip(), Integer.parseInt(fields[2].strip()),
          Long.parseLong(fields[3].strip()));
    } catch (IllegalArgumentException bad) {
      throw new IllegalArgumentException("line " + lineNumber + ": " + bad.getMessage() + " in '" + line + "'", bad);
    }
  }

  /** The CSV line of this record (what {@link #parse} reads back). */
  public String toCsv() {
    return region + "," + product + "," + quantity + "," + cents;
  }
}
