package io.governor.ingest.auth.rest;

import jakarta.enterprise.context.RequestScoped;

/** The name of the token the current request presented, for log lines. */
@RequestScoped
public class AuthenticatedClient {

  private String name = "anonymous";

  void set(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }
}
