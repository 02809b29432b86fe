package dev.iii.examples.filesplit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** The file side of the example: a sample file, the stream that splits a file into records, the local check. */
public final class SalesFiles {

  private static final List<String> REGIONS = List.of("apac", "eu", "latam", "us");
  private static final List<String> PRODUCTS = List.of("anvil", "bolt", "crate", "drill", "easel");

  private SalesFiles() {}

  /** Writes {@code lines} random (seeded, so reproducible) records to a new temporary file. */
  public static Path writeSample(int lines, long seed) throws IOException {
    Path file = Files.createTempFile("iii-sales-", ".csv");
    Random random = new Random(seed);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("# region,product,quantity,cents\n");
      for (int i = 0; i < lines; i++) {
        Sale sale = new Sale(REGIONS.get(random.nextInt(REGIONS.size())),
            PRODUCTS.get(random.nextInt(PRODUCTS.size())), 1 + random.nextInt(20), 99 + random.nextInt(100_000));
        out.write(sale.toCsv());
        out.write('\n');
      }
    }
    return file;
  }

  /**
   * The file as a stream of records: bytes from disk in chunks, split at {@code \n} (a last line without one is
   * kept), decoded, numbered, comments and blank lines dropped, parsed. A line longer than {@code maxLineBytes} or
   * a line that is not a record fails the stream, naming the line.
   */
  public static Source<Sale, CompletionStage<IOResult>> records(Path file, int maxLineBytes) {
    return FileIO.fromPath(file)
        .via(Framing.delimiter(ByteString.fromString("\n"), maxLineBytes, FramingTruncation.ALLOW))
        .map(ByteString::utf8String)
        .zipWithIndex()
        .filter(numbered -> Sale.isRecordLine(numbered.first()))
        .map(numbered -> Sale.parse(numbered.first(), numbered.second() + 1));
  }

  /** The same totals computed here, without any engine or channel: what the remote answer must equal. */
  public static SalesTotals localTotals(Path file) throws IOException {
    SalesTotals.Accumulator totals = new SalesTotals.Accumulator();
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      long[] number = {0};
      lines.forEachOrdered(line -> {
        number[0]++;
        if (Sale.isRecordLine(line)) {
          totals.add(Sale.parse(line, number[0]));
        }
      });
    }
    return totals.result();
  }
}
