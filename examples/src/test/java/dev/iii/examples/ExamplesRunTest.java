package dev.iii.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iii.examples.filesplit.SalesTotals;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the runnable examples working: each runs against its embedded test engine and checks its own outcome
 * (an example throws when what it demonstrates did not happen: a missing tick, an undelivered job, …).
 */
class ExamplesRunTest {

  @BeforeAll
  static void onTheEmbeddedEngine() {
    String url = System.getenv("III_URL");
    assumeTrue(url == null || url.isBlank(), "III_URL is set: the examples would use a real engine");
  }

  @Test
  void mainExample() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> MainExample.main(new String[0]));
  }

  @Test
  void httpApiExample() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> HttpApiExample.main(new String[0]));
  }

  @Test
  void customTriggerTypeExample() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CustomTriggerTypeExample.main(new String[0]));
  }

  @Test
  void queueConsumerExample() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> QueueConsumerExample.main(new String[0]));
  }

  @Test
  void liveCounterExample() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> LiveCounterExample.main(new String[0]));
  }

  @Test
  void fileSplitExample(@TempDir Path dir) throws Exception {
    // Line i (1..2500) sells i % 5 + 1 units for 100·i cents, in region us, apac, eu by i % 3 = 1, 2, 0; so the
    // totals are known by hand: quantity 500·(2+3+4+5+1), cents 100·(2500·2501/2), and per region the sums of
    // the three arithmetic progressions. A comment, a blank line, CRLF endings, no newline at the end.
    StringBuilder csv = new StringBuilder("# region,product,quantity,cents\r\n\r\n");
    for (int i = 1; i <= 2500; i++) {
      String region = switch (i % 3) {
        case 1 -> "us";
        case 2 -> "apac";
        default -> "eu";
      };
      csv.append(region).append(",p").append(i % 7).append(',').append(i % 5 + 1).append(',').append(100L * i);
      csv.append(i < 2500 ? "\r\n" : "");
    }
    Path file = Files.writeString(dir.resolve("sales.csv"), csv);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    SalesTotals totals = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> FileSplitExample.run(
        new String[] {file.toString()}, new PrintStream(printed, true, StandardCharsets.UTF_8)));

    String output = printed.toString(StandardCharsets.UTF_8);
    assertTrue(output.contains("[file-split] aggregate: records=2500 quantity=7500 cents=312625000 "
        + "byRegion={apac=104125000, eu=104208300, us=104291700}\n"), output);
    assertTrue(output.contains("[file-split] matches the local computation"), output);
    assertEquals(2500, totals.records());

    // Without a path the example splits a generated sample file and checks itself.
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> FileSplitExample.run(
        new String[0], new PrintStream(sample, true, StandardCharsets.UTF_8)));
    assertTrue(sample.toString(StandardCharsets.UTF_8).contains("aggregate: records=10000 "), sample.toString());
  }
}
