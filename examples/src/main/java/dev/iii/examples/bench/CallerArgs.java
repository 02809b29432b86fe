package dev.iii.examples.bench;

/**
 * The positional arguments every caller process takes, in the Node caller's order:
 * {@code <url> <function-id> <payload-bytes> <in-flight> <warmup> <measured>}.
 */
record CallerArgs(String url, String functionId, int payloadBytes, int inFlight, int warmup, int measured) {

  static CallerArgs parse(String[] args, int offset) {
    if (args.length - offset != 6) {
      throw new IllegalArgumentException(
          "caller needs: <url> <function-id> <payload-bytes> <in-flight> <warmup> <measured>");
    }
    return new CallerArgs(args[offset], args[offset + 1], positive(args[offset + 2], "payload-bytes"),
        positive(args[offset + 3], "in-flight"), nonNegative(args[offset + 4], "warmup"),
        positive(args[offset + 5], "measured"));
  }

  String[] toArgs() {
    return new String[] {url, functionId, Integer.toString(payloadBytes), Integer.toString(inFlight),
        Integer.toString(warmup), Integer.toString(measured)};
  }

  static int positive(String text, String name) {
    int value = nonNegative(text, name);
    if (value == 0) {
      throw new IllegalArgumentException(name + " must be > 0");
    }
    return value;
  }

  static int nonNegative(String text, String name) {
    int value;
    try {
      value = Integer.parseInt(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + text + "'");
    }
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }
}
