package dev.iii.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * A scripted raw-JSON engine for tests that must see exact frames or send frames the test engine never sends (e.g. an
 * invocation of an HTTP-invoked function): greets each connection with {@code workerregistered}, records every frame
 * the worker sends, answers calls to {@code engine::} built-ins with {@code {}}, and lets the test push frames or
 * drop the connection. One connection at a time is "current".
 */
final class ScriptedEngine implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final ActorSystem system = ActorSystem.create("scripted-engine");
  private final ServerBinding binding;
  /** Frames received, each tagged with the connection number (1, 2, …). */
  final List<Frame> frames = new CopyOnWriteArrayList<>();
  private volatile SourceQueueWithComplete<Message> out;
  private volatile SharedKillSwitch kill;
  private volatile int connections;

  record Frame(int connection, JsonNode json) {
    String type() {
      return json.path("type").asText();
    }
  }

  ScriptedEngine() throws Exception {
    binding = Http.get(system).newServerAt("127.0.0.1", 0).bindSync(this::handle)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String url() {
    return "ws://127.0.0.1:" + binding.localAddress().getPort();
  }

  int connections() {
    return connections;
  }

  private HttpResponse handle(HttpRequest req) {
    Optional<WebSocketUpgrade> up = req.getAttribute(org.apache.pekko.http.javadsl.model.AttributeKeys.webSocketUpgrade);
    if (up.isEmpty()) {
      return HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST);
    }
    if (!req.getUri().path().equals("/")) {
      // e.g. /otel: accepted and ignored, so telemetry never counts as a worker connection.
      return up.get().handleMessagesWith(Flow.fromSinkAndSource(Sink.ignore(), Source.maybe()));
    }
    int n = ++connections;
    SharedKillSwitch ks = KillSwitches.shared("conn-" + n);
    Source<Message, SourceQueueWithComplete<Message>> source = Source.queue(1000, OverflowStrategy.fail());
    var pair = source.preMaterialize(Materializer.matFromSystem(system));
    SourceQueueWithComplete<Message> q = pair.first();
    out = q;
    kill = ks;
    q.offer(TextMessage.create("{\"type\":\"workerregistered\",\"worker_id\":\"" + UUID.randomUUID() + "\"}"));
    Sink<Message, ?> in = Flow.<Message>create()
        .mapAsync(1, m -> m.asTextMessage().toStrict(5000, Materializer.matFromSystem(system)))
        .to(Sink.foreach(t -> onFrame(n, q, t.getStrictText())));
    Flow<Message, Message, NotUsed> flow =
        Flow.fromSinkAndSourceCoupled(in, pair.second()).via(ks.flow());
    return up.get().handleMessagesWith(flow);
  }

  private void onFrame(int n, SourceQueueWithComplete<Message> q, String text) throws Exception {
    JsonNode json = JSON.readTree(text);
    frames.add(new Frame(n, json));
    if ("invokefunction".equals(json.path("type").asText())
        && json.path("function_id").asText().startsWith("engine::")
        && json.hasNonNull("invocation_id")) {
      ObjectNode r = JSON.createObjectNode();
      r.put("type", "invocationresult");
      r.put("invocation_id", json.get("invocation_id").asText());
      r.put("function_id", json.get("function_id").asText());
      r.putObject("result");
      q.offer(TextMessage.create(r.toString()));
    }
  }

  /** Sends a frame on the current connection. */
  void send(String json) {
    out.offer(TextMessage.create(json));
  }

  /** Drops the current connection (TCP-level abort, as an engine crash would). */
  void drop() {
    kill.abort(new RuntimeException("dropped by test"));
  }

  List<Frame> framesOf(String type) {
    List<Frame> r = new ArrayList<>();
    for (Frame f : frames) {
      if (f.type().equals(type)) {
        r.add(f);
      }
    }
    return r;
  }

  /** Waits for the first recorded frame matching {@code p}. */
  JsonNode await(Predicate<JsonNode> p, String what) {
    TestSupport.awaitCondition(Duration.ofSeconds(10), () -> frames.stream().anyMatch(f -> p.test(f.json())), what);
    return frames.stream().filter(f -> p.test(f.json())).findFirst().orElseThrow().json();
  }

  @Override
  public void close() throws Exception {
    binding.terminate(Duration.ofSeconds(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
