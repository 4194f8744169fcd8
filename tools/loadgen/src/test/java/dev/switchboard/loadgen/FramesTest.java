package dev.switchboard.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramesTest {

  /** A room event as the bridge writes it: the envelope's data kept as the publisher sent it, offset and epoch last. */
  private static final String REC = "{\"type\":\"rec\",\"address\":\"room.project:fanout-1\",\"body\":{\"id\":\"0192f3c4\","
      + "\"room\":\"project:fanout-1\",\"type\":\"bench\",\"data\":{\"seq\":1234,\"t\":98765432,\"pad\":\"xxxx\"},"
      + "\"ts\":\"2026-11-22T10:00:00.123Z\",\"source\":\"node-a\",\"offset\":17,\"epoch\":\"k3j9\"}}";

  @Test
  @DisplayName("a room event's address, seq, t and offset are read from the text as the bridge writes it")
  void recFastPath() {
    BridgeFrame frame = BridgeFrame.parse(REC);
    assertThat(frame.type()).isEqualTo(BridgeFrame.Type.REC);
    assertThat(frame.address()).isEqualTo("room.project:fanout-1");
    assertThat(frame.seq()).isEqualTo(1234);
    assertThat(frame.t()).isEqualTo(98765432);
    assertThat(frame.offset()).isEqualTo(17);
    assertThat(frame.probe()).isNull();
    assertThat(frame.body().getString("epoch")).isEqualTo("k3j9");
  }

  @Test
  @DisplayName("the same event in another key order is read through JSON with the same result")
  void recSlowPath() {
    JsonObject frame = new JsonObject(REC);
    String reordered = new JsonObject().put("address", frame.getString("address")).put("type", "rec")
        .put("body", frame.getJsonObject("body")).encode();
    BridgeFrame parsed = BridgeFrame.parse(reordered);
    assertThat(parsed.type()).isEqualTo(BridgeFrame.Type.REC);
    assertThat(List.of(parsed.address(), parsed.seq(), parsed.t(), parsed.offset()))
        .containsExactly("room.project:fanout-1", 1234L, 98765432L, 17L);
  }

  @Test
  @DisplayName("the bridge's welcome and acks on sb.session are SESSION frames, in either key order: never counted as an event")
  void sessionNotices() {
    String welcome = "{\"type\":\"rec\",\"address\":\"sb.session\",\"body\":{\"node\":\"a\",\"sub\":\"u\","
        + "\"exp\":1800000000,\"limits\":{\"maxFrameBytes\":65536},\"autoSubscribed\":[]}}";
    assertThat(BridgeFrame.parse(welcome).type()).isEqualTo(BridgeFrame.Type.SESSION);
    String ack = new JsonObject().put("body", new JsonObject().put("registered", "room.project:x")).put("type", "rec")
        .put("address", "sb.session").encode();
    assertThat(BridgeFrame.parse(ack).type()).isEqualTo(BridgeFrame.Type.SESSION);
    assertThat(BridgeFrame.parse(ack).seq()).isEqualTo(-1);
  }

  @Test
  @DisplayName("a probe event gives its probe id and no seq")
  void probe() {
    BridgeFrame frame = BridgeFrame.parse("{\"type\":\"rec\",\"address\":\"room.project:x\",\"body\":{\"id\":\"1\",\"room\":"
        + "\"project:x\",\"type\":\"bench\",\"data\":{\"probe\":\"setup:abc:3\"},\"ts\":\"t\",\"source\":\"a\","
        + "\"offset\":2,\"epoch\":\"e\"}}");
    assertThat(frame.probe()).isEqualTo("setup:abc:3");
    assertThat(frame.seq()).isEqualTo(-1);
    assertThat(frame.offset()).isEqualTo(2);
  }

  @Test
  @DisplayName("the sb.recovery notice and err frames are told apart, with the err's failure type")
  void recoveryAndErr() {
    assertThat(BridgeFrame.parse("{\"type\":\"rec\",\"address\":\"room.project:x\",\"body\":{\"type\":\"sb.recovery\","
        + "\"room\":\"project:x\",\"data\":{\"recovered\":false,\"offset\":9,\"epoch\":\"e\"}}}").type())
        .isEqualTo(BridgeFrame.Type.RECOVERY);
    BridgeFrame err = BridgeFrame.parse("{\"type\":\"err\",\"address\":\"room.project:9\",\"failureCode\":403,"
        + "\"failureType\":\"ACCESS_DENIED\",\"message\":\"not allowed\"}");
    assertThat(err.type()).isEqualTo(BridgeFrame.Type.ERR);
    assertThat(err.failureType()).isEqualTo("ACCESS_DENIED");
    assertThat(BridgeFrame.parse("not json").type()).isEqualTo(BridgeFrame.Type.OTHER);
  }

  @Test
  @DisplayName("a SockJS a[...] message yields each frame unescaped, the same as a JSON parser reads it")
  void sockJsArray() {
    String second = "{\"type\":\"err\",\"message\":\"tab\\there \\\"quoted\\\" \\u00e9 / back\\\\slash\"}";
    String message = "a" + new JsonArray().add(REC).add(second).encode();
    List<String> frames = new ArrayList<>();
    SockJsFrames.frames(message, frames::add);
    assertThat(frames).containsExactly(REC, second);
    assertThat(SockJsFrames.kind(message)).isEqualTo(SockJsFrames.Kind.FRAMES);
    assertThat(SockJsFrames.kind("o")).isEqualTo(SockJsFrames.Kind.OPEN);
    assertThat(SockJsFrames.kind("h")).isEqualTo(SockJsFrames.Kind.HEARTBEAT);
    assertThat(SockJsFrames.closeReason("c[4408,\"outbound queue full\"]")).isEqualTo("sockjs close 4408 outbound queue full");
    assertThatThrownBy(() -> SockJsFrames.frames("a[\"unterminated", frames::add)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("outbound: SockJS wraps a frame in a JSON array; the bench publish template splices seq and t")
  void outbound() {
    assertThat(Transport.RAW.encode("{\"type\":\"ping\"}")).isEqualTo("{\"type\":\"ping\"}");
    assertThat(new JsonArray(Transport.SOCKJS.encode("{\"type\":\"ping\"}")).getString(0)).isEqualTo("{\"type\":\"ping\"}");
    assertThat(Transport.SOCKJS.path()).matches("/\\d{3}/[0-9a-f]{16}/websocket");
    String raw = new BridgeClient.BenchPublish(Transport.RAW, "project:r-1", "xx").text(42, 7_000_001);
    assertThat(new JsonObject(raw)).isEqualTo(new JsonObject().put("type", "publish").put("address", "room.project:r-1")
        .put("body", new JsonObject().put("type", "bench").put("data", new JsonObject().put("seq", 42).put("t", 7_000_001)
            .put("pad", "xx"))).put("headers", new JsonObject()));
    String sockjs = new BridgeClient.BenchPublish(Transport.SOCKJS, "project:r-1", "xx").text(42, 7_000_001);
    assertThat(new JsonObject(new JsonArray(sockjs).getString(0))).isEqualTo(new JsonObject(raw));
  }

  @Test
  @DisplayName("utime and stime are read after the command's closing parenthesis, even when it holds spaces and parentheses")
  void procStat() {
    String stat = "4242 (java (my app)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 1000 0 0";
    assertThat(ProcStat.cpu(stat, 100)).isEqualTo(new ProcStat.Cpu(2_500_000, 500_000));
  }
}
