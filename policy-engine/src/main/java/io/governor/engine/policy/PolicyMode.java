package io.governor.engine.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a policy's decisions are carried out. */
public enum PolicyMode {
  ENFORCE("enforce"),
  DRY_RUN("dry-run");

  private final String json;

  PolicyMode(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }

  @JsonCreator
  public static PolicyMode fromJson(String value) {
    return JsonNames.find(values(), PolicyMode::json, "mode", value);
  }
}
