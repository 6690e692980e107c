package io.governor.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps docs/events.md true: every example in it must decode as the record it shows. */
class EventExamplesTest {

  private static final Map<String, Class<?>> DATA_TYPES =
      Map.of(
          EventTypes.METRIC_BATCH, MetricBatch.class,
          EventTypes.DEPLOYMENT, DeploymentEvent.class,
          EventTypes.SCHEDULE, ScheduleEvent.class,
          EventTypes.DECISION, Decision.class,
          EventTypes.ACTION_RESULT, ActionResult.class);

  @Test
  void everyExampleInTheEventsDocDecodes() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "events.md"));
    List<JsonNode> examples = new ArrayList<>();
    Matcher block = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    while (block.find()) {
      JsonNode node = EventCodec.mapper().readTree(block.group(1));
      if (node.has("specversion")) {
        examples.add(node);
      }
    }

    assertThat(examples)
        .extracting(node -> node.get("type").asText())
        .containsAll(DATA_TYPES.keySet());
    for (JsonNode example : examples) {
      String type = example.get("type").asText();
      CloudEvent<?> event = EventCodec.decode(example.toString(), type, DATA_TYPES.get(type));
      assertThat(event.data()).as("data of %s", type).isInstanceOf(DATA_TYPES.get(type));
    }
  }
}
