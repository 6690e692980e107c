package io.governor.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Reads and writes Governor events as CloudEvents structured-mode JSON. */
public final class EventCodec {

  private static final ObjectMapper MAPPER = newMapper();

  // Request bodies are read strictly: a misspelt field is an error, not a silent default.
  private static final ObjectMapper STRICT =
      newMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private EventCodec() {}

  /** The mapper used for events; services may use it for other JSON too. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A mapper configured the way events are written: ISO-8601 times, no nulls, lenient reads. */
  public static ObjectMapper newMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        // Newer producers may add fields; older consumers must still read the event.
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  public static String encode(CloudEvent<?> event) {
    try {
      return MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + event.id(), e);
    }
  }

  /**
   * Reads an event and checks its type.
   *
   * @throws EventDecodingException with a reason fit for a dead-letter record
   */
  public static <T> CloudEvent<T> decode(String json, String expectedType, Class<T> dataType) {
    return decode(parse(json), expectedType, dataType);
  }

  /**
   * Reads an event already parsed, e.g. by a consumer that routed it by {@link #typeOf}.
   *
   * @throws EventDecodingException with a reason fit for a dead-letter record
   */
  public static <T> CloudEvent<T> decode(JsonNode tree, String expectedType, Class<T> dataType) {
    // The type is checked first: a record of another type would otherwise fail on its fields.
    String actualType = tree.path("type").asText(null);
    if (!expectedType.equals(actualType)) {
      throw new EventDecodingException(
          "type",
          "unexpected event type '" + actualType + "', expected '" + expectedType + "'",
          null);
    }
    JavaType type = MAPPER.getTypeFactory().constructParametricType(CloudEvent.class, dataType);
    return read(MAPPER, tree, type, "malformed event");
  }

  /**
   * Parses a record once, so that it can be routed and then decoded without parsing it again.
   *
   * @throws EventDecodingException when it is empty or not JSON
   */
  public static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      throw new EventDecodingException("empty record");
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new EventDecodingException(null, "malformed event: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads the data of an event without its envelope, as a request body carries it.
   *
   * @throws EventDecodingException naming the field at fault
   */
  public static <T> T decodeData(JsonNode json, Class<T> dataType) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      throw new EventDecodingException(null, "the body is empty", null);
    }
    return read(STRICT, json, STRICT.getTypeFactory().constructType(dataType), "invalid body");
  }

  /**
   * The CloudEvents {@code type} of a parsed record, to route it before decoding.
   *
   * @throws EventDecodingException when the record has no type
   */
  public static String typeOf(JsonNode tree) {
    JsonNode type = tree.path("type");
    if (!type.isTextual()) {
      throw new EventDecodingException("type", "the record has no CloudEvents type", null);
    }
    return type.asText();
  }

  private static <T> T read(ObjectMapper mapper, JsonNode tree, JavaType type, String what) {
    try {
      return mapper.readerFor(type).readValue(tree);
    } catch (JsonProcessingException e) {
      Throwable root = rootCause(e);
      String field = e instanceof JsonMappingException mapping ? field(mapping, root) : null;
      String message = root == e ? e.getOriginalMessage() : root.getMessage();
      if (message != null && message.startsWith("Cannot map `null`")) {
        message = "must not be null";
      } else if (e instanceof UnrecognizedPropertyException) {
        message = "is not a known field";
      }
      return failWith(what, field, message, e);
    } catch (IOException e) {
      // A tree in memory is not read from I/O; this is here for the checked signature only.
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T failWith(String what, String field, String message, Throwable cause) {
    String at = field == null || field.isEmpty() ? "" : " at " + field;
    throw new EventDecodingException(field, what + at + ": " + message, cause);
  }

  /**
   * The JSON path of the field at fault. When a record's constructor rejected a value, the path
   * ends at the record; its message starts with the component's name, which completes the path.
   */
  private static String field(JsonMappingException e, Throwable root) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    if (e instanceof ValueInstantiationException vie
        && vie.getType().getRawClass().isRecord()
        && !fromScalar(vie.getType().getRawClass())) {
      String first = String.valueOf(root.getMessage()).split("[ .']", 2)[0];
      boolean isComponent =
          Arrays.stream(vie.getType().getRawClass().getRecordComponents())
              .anyMatch(component -> component.getName().equals(first));
      if (isComponent) {
        path.append(path.isEmpty() ? "" : ".").append(first);
      }
    }
    return path.toString();
  }

  /**
   * A record made from a JSON string (a {@code @JsonCreator} factory) has no fields in the JSON.
   */
  private static boolean fromScalar(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .anyMatch(
            method ->
                java.lang.reflect.Modifier.isStatic(method.getModifiers())
                    && method.isAnnotationPresent(JsonCreator.class)
                    && method.getParameterCount() == 1
                    && method.getParameterTypes()[0] == String.class);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
