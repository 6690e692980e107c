package io.governor.ingest.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An identity provider's signing keys, as its JWKS document (RFC 7517) lists them. Only public
 * signature keys ingest can use are kept: RSA of 2048 bits or more ({@code kty: RSA}, {@code n},
 * {@code e}) and EC on P-256 ({@code kty: EC}, {@code crv: P-256}, {@code x}, {@code y}); keys for
 * encryption ({@code use: enc}) and any other kind are left out.
 */
public final class JsonWebKeys {

  /** Smallest RSA modulus accepted, in bits. */
  public static final int MIN_RSA_BITS = 2048;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One signing key.
   *
   * @param id its {@code kid}; null when the JWKS gives none
   * @param algorithm its {@code alg}; null when the JWKS gives none
   */
  public record Key(String id, String algorithm, PublicKey publicKey) {}

  private final Map<String, Key> byId;
  private final List<Key> all;
  private final int skipped;

  private JsonWebKeys(List<Key> all, int skipped) {
    this.all = List.copyOf(all);
    Map<String, Key> ids = new LinkedHashMap<>();
    for (Key key : all) {
      if (key.id() != null) {
        ids.putIfAbsent(key.id(), key);
      }
    }
    this.byId = Map.copyOf(ids);
    this.skipped = skipped;
  }

  /** No key: every JWT is refused as signed by an unknown key. */
  public static JsonWebKeys none() {
    return new JsonWebKeys(List.of(), 0);
  }

  /**
   * Reads a JWKS document.
   *
   * @throws IllegalArgumentException when it is not a JSON object with a {@code keys} array
   */
  public static JsonWebKeys parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("the JWKS is not JSON");
    }
    if (root == null || !root.path("keys").isArray()) {
      throw new IllegalArgumentException("the JWKS has no keys array");
    }
    List<Key> keys = new ArrayList<>();
    int skipped = 0;
    for (JsonNode jwk : root.get("keys")) {
      Optional<Key> key = key(jwk);
      if (key.isPresent()) {
        keys.add(key.get());
      } else {
        skipped++;
      }
    }
    return new JsonWebKeys(keys, skipped);
  }

  /**
   * The key a token names by its {@code kid}; a token without one may use the only key there is.
   */
  public Optional<Key> find(Optional<String> kid) {
    if (kid.isPresent()) {
      return Optional.ofNullable(byId.get(kid.get()));
    }
    return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
  }

  public int size() {
    return all.size();
  }

  /** Keys of the document left out: not for signatures, of another kind, or unreadable. */
  public int skipped() {
    return skipped;
  }

  /** The {@code kid}s, for the logs. */
  public List<String> ids() {
    return all.stream().map(k -> k.id() == null ? "(no kid)" : k.id()).toList();
  }

  private static Optional<Key> key(JsonNode jwk) {
    if (!jwk.isObject()) {
      return Optional.empty();
    }
    String use = text(jwk, "use");
    if (use != null && !use.equals("sig")) {
      return Optional.empty();
    }
    String kid = text(jwk, "kid");
    String alg = text(jwk, "alg");
    try {
      PublicKey publicKey =
          switch (String.valueOf(text(jwk, "kty"))) {
            case "RSA" -> rsa(jwk);
            case "EC" -> ec(jwk);
            default -> null;
          };
      return Optional.ofNullable(publicKey).map(k -> new Key(kid, alg, k));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static PublicKey rsa(JsonNode jwk) throws GeneralSecurityException {
    BigInteger n = unsigned(jwk, "n");
    BigInteger e = unsigned(jwk, "e");
    if (n == null || e == null || n.bitLength() < MIN_RSA_BITS) {
      return null;
    }
    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
  }

  private static PublicKey ec(JsonNode jwk) throws GeneralSecurityException {
    BigInteger x = unsigned(jwk, "x");
    BigInteger y = unsigned(jwk, "y");
    if (!"P-256".equals(text(jwk, "crv")) || x == null || y == null) {
      return null;
    }
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
    // KeyFactory refuses a point that is not on the curve.
    return KeyFactory.getInstance("EC")
        .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), curve));
  }

  private static BigInteger unsigned(JsonNode jwk, String field) {
    String value = text(jwk, field);
    return value == null ? null : new BigInteger(1, Base64.getUrlDecoder().decode(value));
  }

  private static String text(JsonNode jwk, String field) {
    JsonNode value = jwk.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
