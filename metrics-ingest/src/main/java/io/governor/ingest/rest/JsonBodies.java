package io.governor.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.governor.contracts.EventCodec;
import io.governor.contracts.EventDecodingException;

/** Parses request bodies itself, so even broken JSON gets problem details. */
public final class JsonBodies {

  private JsonBodies() {}

  /** The body as a JSON object; anything else is a decoding error naming the body. */
  public static ObjectNode object(String body) {
    if (body == null || body.isBlank()) {
      throw new EventDecodingException(null, "the body is empty", null);
    }
    JsonNode node;
    try {
      node = EventCodec.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new EventDecodingException(null, "the body is not JSON: " + e.getOriginalMessage(), e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new EventDecodingException(null, "the body must be a JSON object", null);
    }
    return object;
  }
}
