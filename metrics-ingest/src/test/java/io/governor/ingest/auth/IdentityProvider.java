package io.governor.ingest.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * An OpenID Connect provider as far as ingest sees one: a discovery document and a JWKS over HTTP,
 * on a free port of the loopback interface. Its state lives in system properties, as the test
 * profile that starts it and the test that signs tokens may not share a class loader: the JWKS it
 * serves is what {@link #publish} last set, and until then it answers 503, as a provider that is
 * not up yet.
 */
final class IdentityProvider {

  private static final String ISSUER = "governor.test.oidc.issuer";
  private static final String JWKS = "governor.test.oidc.jwks";
  private static final String REALM = "/realms/governor";

  private IdentityProvider() {}

  /** The provider's issuer URL; the provider starts on the first call in this JVM. */
  static synchronized String issuer() {
    String issuer = System.getProperty(ISSUER);
    if (issuer != null) {
      return issuer;
    }
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      issuer = "http://127.0.0.1:" + server.getAddress().getPort() + REALM;
      String jwksUri = issuer + "/protocol/openid-connect/certs";
      String discovery = Jwts.discovery(issuer, jwksUri);
      server.createContext(
          REALM + "/.well-known/openid-configuration", exchange -> answer(exchange, discovery));
      server.createContext(
          REALM + "/protocol/openid-connect/certs",
          exchange -> answer(exchange, System.getProperty(JWKS)));
      server.start();
      System.setProperty(ISSUER, issuer);
      return issuer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** From now on the provider's JWKS is this one. */
  static void publish(String jwks) {
    System.setProperty(JWKS, jwks);
  }

  private static void answer(HttpExchange exchange, String body) throws IOException {
    try (exchange) {
      if (body == null) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
