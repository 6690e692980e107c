package io.governor.ingest.auth;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A compact JWS (RFC 7515) taken apart and decoded, not yet verified: nothing in it is to be
 * believed before {@link JwtVerifier} checked the signature.
 *
 * @param algorithm the header's {@code alg}
 * @param keyId the header's {@code kid}, when it has one
 * @param claims the payload, a JSON object
 * @param signingInput what the signature covers: {@code header.payload} as sent
 * @param signature the signature's bytes
 */
public record Jwt(
    String algorithm,
    Optional<String> keyId,
    JsonNode claims,
    byte[] signingInput,
    byte[] signature) {

  /** Longest token read; an identity provider's access tokens are a few kilobytes at most. */
  public static final int MAX_LENGTH = 16 * 1024;

  // A claim given twice could be read one way here and another way elsewhere: refused.
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Whether a bearer token has the shape of a compact JWS: three parts separated by dots. */
  public static boolean looksLikeJwt(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    return second > 0 && token.indexOf('.', second + 1) < 0;
  }

  /**
   * Splits and decodes a compact JWS.
   *
   * @throws JwtRejectedException {@link JwtRejectedException.Reason#MALFORMED} when it is not one
   */
  public static Jwt parse(String compact) {
    if (compact.length() > MAX_LENGTH) {
      throw malformed("the token is longer than " + MAX_LENGTH + " characters");
    }
    if (!looksLikeJwt(compact)) {
      throw malformed("the token is not a JWT (three base64url parts separated by '.')");
    }
    int first = compact.indexOf('.');
    int second = compact.indexOf('.', first + 1);
    JsonNode header = object(compact.substring(0, first), "header");
    JsonNode claims = object(compact.substring(first + 1, second), "payload");
    byte[] signature = decode(compact.substring(second + 1), "signature");
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isTextual()) {
      throw malformed("the JWT header has no alg");
    }
    if (header.has("crit")) {
      // RFC 7515 4.1.11: a critical extension not understood makes the token invalid.
      throw malformed("the JWT header names critical extensions, which are not supported");
    }
    JsonNode kid = header.get("kid");
    if (kid != null && !kid.isTextual()) {
      throw malformed("the JWT header's kid is not a string");
    }
    return new Jwt(
        alg.asText(),
        Optional.ofNullable(kid).map(JsonNode::asText),
        claims,
        compact.substring(0, second).getBytes(StandardCharsets.US_ASCII),
        signature);
  }

  private static JsonNode object(String part, String what) {
    byte[] bytes = decode(part, what);
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw malformed("the JWT " + what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw malformed("the JWT " + what + " is not a JSON object");
    }
  }

  private static byte[] decode(String part, String what) {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw malformed("the JWT " + what + " is not base64url");
    }
  }

  private static JwtRejectedException malformed(String message) {
    return new JwtRejectedException(JwtRejectedException.Reason.MALFORMED, message);
  }
}
