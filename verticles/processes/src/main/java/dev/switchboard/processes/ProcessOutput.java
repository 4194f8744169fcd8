package dev.switchboard.processes;

import dev.switchboard.processes.errors.Detection;
import dev.switchboard.processes.errors.ErrorClassifier;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The output of one process: numbers its lines across both streams in the order they are read, runs each
 * stream through its own {@link ErrorClassifier} on the pump's thread, and queues the lines for publishing.
 * At most {@link #MAX_DETECTIONS} errors are reported per process.
 */
final class ProcessOutput implements OutputPump.LineSink {

  static final int MAX_DETECTIONS = 100;

  private final Context context;
  private final OutputPublisher publisher;
  private final Consumer<Detection> detected;
  private final ErrorClassifier stdoutClassifier = new ErrorClassifier();
  private final ErrorClassifier stderrClassifier = new ErrorClassifier();
  private final AtomicLong lines;
  private final AtomicInteger detections = new AtomicInteger();
  private final AtomicInteger openStreams = new AtomicInteger(2);
  private final Promise<Void> ended = Promise.promise();

  /** {@code detected} runs on {@code context}; {@code lines} numbers the lines (across the runs of a process). */
  ProcessOutput(Context context, OutputPublisher publisher, AtomicLong lines, Consumer<Detection> detected) {
    this.context = context;
    this.lines = lines;
    this.publisher = publisher;
    this.detected = detected;
  }

  @Override
  public void line(String stream, String text) {
    publisher.offer(stream, text, lines.incrementAndGet());
    report(classifier(stream).accept(text));
  }

  @Override
  public void ended(String stream) {
    report(classifier(stream).finish());
    if (openStreams.decrementAndGet() == 0) {
      context.runOnContext(v -> {
        publisher.runEnded();
        ended.complete();
      });
    }
  }

  /** Completes, on the context, when both streams have ended and their lines are handed to the publisher. */
  Future<Void> ended() {
    return ended.future();
  }

  long dropped() {
    return publisher.dropped();
  }

  private ErrorClassifier classifier(String stream) {
    return "stderr".equals(stream) ? stderrClassifier : stdoutClassifier;
  }

  private void report(List<Detection> found) {
    for (Detection detection : found) {
      if (detections.incrementAndGet() <= MAX_DETECTIONS) {
        context.runOnContext(v -> detected.accept(detection));
      }
    }
  }
}
