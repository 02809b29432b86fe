package dev.iii.testkit;

/**
 * Which engine release the test engine imitates (PROTOCOL §10). {@link #V0_11_6} is the default; {@link #V0_23}
 * adds reattach, namespaces, first-live-owner-wins ownership, parked triggers and registration buffering.
 */
public enum EngineVersion {
  V0_11_6("0.11.6"),
  V0_23("0.23");

  private final String label;

  EngineVersion(String label) {
    this.label = label;
  }

  /** The version as written on the command line, e.g. {@code 0.23}. */
  public String label() {
    return label;
  }

  /** Parses {@code 0.11.6} or {@code 0.23} (also {@code 0.23.0}); anything else is refused with the choices. */
  public static EngineVersion parse(String text) {
    String t = text.trim();
    if (t.equals("0.11.6")) {
      return V0_11_6;
    }
    if (t.equals("0.23") || t.startsWith("0.23.")) {
      return V0_23;
    }
    throw new IllegalArgumentException("unknown engine version '" + text + "', expected 0.11.6 or 0.23");
  }
}
