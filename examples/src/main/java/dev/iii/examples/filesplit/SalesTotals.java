package dev.iii.examples.filesplit;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The aggregate the consuming function returns: how many records, total quantity and cents, and cents per region
 * (sorted by region, so two equal aggregates print alike).
 */
public record SalesTotals(long records, long quantity, long cents, Map<String, Long> centsByRegion) {

  public SalesTotals {
    centsByRegion = Map.copyOf(centsByRegion);
  }

  /** One line, e.g. {@code records=3 quantity=7 cents=1200 byRegion={eu=700, us=500}}. */
  public String describe() {
    String regions = new TreeMap<>(centsByRegion).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    return "records=" + records + " quantity=" + quantity + " cents=" + cents + " byRegion=" + regions;
  }

  /** A running total for a fold: mutable, used by one stream (or one loop) at a time. */
  public static final class Accumulator {
    private long records;
    private long quantity;
    private long cents;
    private final Map<String, Long> centsByRegion = new TreeMap<>();

    public Accumulator add(Sale sale) {
      records++;
      quantity += sale.quantity();
      cents = Math.addExact(cents, sale.cents()); // an overflow is an error, never a wrapped total
      centsByRegion.merge(sale.region(), sale.cents(), Math::addExact);
      return this;
    }

    public SalesTotals result() {
      return new SalesTotals(records, quantity, cents, centsByRegion);
    }
  }
}
