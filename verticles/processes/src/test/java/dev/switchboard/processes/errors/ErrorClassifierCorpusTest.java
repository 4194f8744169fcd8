package dev.switchboard.processes.errors;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sample under {@code corpus/} — real output of the tools (python3, node, tsc, javac, java, Maven) captured
 * on a developer machine (Jest 30, Vitest 3, Mocha 11, tsx 4 and ts-node 10 under Node 20 too, their paths rewritten
 * to /srv/app), and checked-in samples for pytest and Go — fed line by line through the classifier,
 * against its sidecar {@code <name>.expected.json}: {@code {"detections": [{category, language, message, file?,
 * line?, column?, excerptStartsWith?}]}}.
 */
class ErrorClassifierCorpusTest {

  static Stream<String> samples() throws IOException, URISyntaxException {
    Path corpus = Path.of(ErrorClassifierCorpusTest.class.getResource("/corpus").toURI());
    try (Stream<Path> files = Files.list(corpus)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
    }
  }

  static List<Detection> classify(String sample) throws IOException, URISyntaxException {
    Path file = Path.of(ErrorClassifierCorpusTest.class.getResource("/corpus/" + sample + ".txt").toURI());
    ErrorClassifier classifier = new ErrorClassifier();
    List<Detection> found = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      found.addAll(classifier.accept(line));
    }
    found.addAll(classifier.finish());
    return found;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  @DisplayName("each corpus sample gives exactly its expected detections")
  void classifiesSample(String sample) throws Exception {
    List<Detection> found = classify(sample);
    Path expectedFile = Path.of(getClass().getResource("/corpus").toURI()).resolve(sample + ".expected.json");
    if (Boolean.getBoolean("corpus.print")) {
      System.out.println("=== " + sample + "\n" + new JsonArray(found.stream().map(d -> d.toJson("p")).toList()).encodePrettily());
    }
    JsonArray expected = new JsonObject(Files.readString(expectedFile)).getJsonArray("detections");

    assertThat(found).as("detections of %s: %s", sample, found).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonObject want = expected.getJsonObject(i);
      Detection got = found.get(i);
      assertThat(got.category()).as("%s[%d].category", sample, i).isEqualTo(want.getString("category"));
      assertThat(got.language()).as("%s[%d].language", sample, i).isEqualTo(want.getString("language"));
      assertThat(got.message()).as("%s[%d].message", sample, i).isEqualTo(want.getString("message"));
      assertThat(got.file()).as("%s[%d].file", sample, i).isEqualTo(want.getString("file"));
      assertThat(got.line()).as("%s[%d].line", sample, i).isEqualTo(want.getInteger("line"));
      assertThat(got.column()).as("%s[%d].column", sample, i).isEqualTo(want.getInteger("column"));
      assertThat(got.excerpt()).as("%s[%d].excerpt", sample, i).isNotEmpty().hasSizeLessThanOrEqualTo(20);
      if (want.containsKey("excerptStartsWith")) {
        assertThat(got.excerpt().get(0)).as("%s[%d].excerpt[0]", sample, i).isEqualTo(want.getString("excerptStartsWith"));
      }
    }
  }
}
