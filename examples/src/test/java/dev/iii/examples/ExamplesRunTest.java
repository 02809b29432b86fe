package dev.iii.examples;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
}
