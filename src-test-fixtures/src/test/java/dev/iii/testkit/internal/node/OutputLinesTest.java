package dev.iii.testkit.internal.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iii.testkit.support.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link OutputLines} against a real child process ({@code sh} printing fixed lines, then exiting). */
class OutputLinesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Predicate<String> FATAL = l -> l.startsWith("FATAL ");

  private Process process;

  private OutputLines run(String script) throws IOException {
    process = new ProcessBuilder("sh", "-c", script).start();
    return new OutputLines("sh", process);
  }

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void awaitFindsTheFirstMatchingLineFromTheStart() throws Exception {
    OutputLines out = run("echo one; echo 'PROGRESS 1'; echo 'PROGRESS 2'");

    assertEquals("PROGRESS 1", out.await("progress", l -> l.startsWith("PROGRESS "), WAIT));
    // Later waits scan from the start again: lines already seen are not consumed.
    assertEquals("one", out.await("one", "one"::equals, WAIT));
  }

  @Test
  void aPoisonLineBeforeTheWantedOneFailsAtOnceWithTheOutput() throws Exception {
    OutputLines out = run("echo start; echo 'FATAL no engine'; echo 'READY 1'");

    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> out.await("READY", l -> l.startsWith("READY "), FATAL, WAIT));
    assertTrue(failure.getMessage().contains("\"FATAL no engine\""), failure.getMessage());
    assertTrue(failure.getMessage().contains("--- sh stdout ---\nstart\n"), failure.getMessage());
  }

  @Test
  void aPoisonLineAfterTheWantedOneDoesNotMatter() throws Exception {
    OutputLines out = run("echo 'READY 1'; echo 'FATAL later'");

    assertEquals("READY 1", out.await("READY", l -> l.startsWith("READY "), FATAL, WAIT));
  }

  @Test
  void outputEndingFirstIsATimeoutThatSaysSoAndShowsStderr() throws Exception {
    OutputLines out = run("echo only; echo 'bad thing' >&2");

    TimeoutException failure = assertThrows(TimeoutException.class, () -> out.await("READY", "READY"::equals, WAIT));
    assertTrue(failure.getMessage().startsWith("output of sh ended waiting for READY"), failure.getMessage());
    // stderr is read on its own thread: it may land a moment after stdout ends, so wait for it before checking.
    Await.condition(WAIT, () -> out.describe().contains("bad thing"), out::describe);
    assertEquals(List.of("only"), out.stdoutSnapshot());
  }


  @Test
  void noMatchWithinTheTimeoutIsATimeout() throws Exception {
    // The child outlives the wait (it is destroyed after the test); nothing it prints matches.
    OutputLines out = run("echo waiting; exec sleep 30");

    TimeoutException failure = assertThrows(TimeoutException.class,
        () -> out.await("DONE", "DONE"::equals, Duration.ofMillis(200)));
    assertTrue(failure.getMessage().startsWith("timed out after PT0.2S waiting for DONE"), failure.getMessage());
  }
}
