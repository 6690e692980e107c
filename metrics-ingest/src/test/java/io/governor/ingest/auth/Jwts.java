package io.governor.ingest.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an identity provider does, for tests: keys, their JWKS, signed JWTs. */
public final class Jwts {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Jwts() {}

  public static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JWK of a public key, as a provider's JWKS lists it. */
  public static Map<String, Object> jwk(String kid, KeyPair pair) {
    Map<String, Object> jwk = new LinkedHashMap<>();
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      jwk.put("kty", "RSA");
      jwk.put("kid", kid);
      jwk.put("use", "sig");
      jwk.put("alg", "RS256");
      jwk.put("n", unsigned(rsa.getModulus(), 0));
      jwk.put("e", unsigned(rsa.getPublicExponent(), 0));
    } else {
      ECPublicKey ec = (ECPublicKey) pair.getPublic();
      jwk.put("kty", "EC");
      jwk.put("kid", kid);
      jwk.put("use", "sig");
      jwk.put("crv", "P-256");
      jwk.put("x", unsigned(ec.getW().getAffineX(), 32));
      jwk.put("y", unsigned(ec.getW().getAffineY(), 32));
    }
    return jwk;
  }

  /** A JWKS document of these keys. */
  @SafeVarargs
  public static String jwks(Map<String, Object>... keys) {
    return json(Map.of("keys", List.of(keys)));
  }

  /** The discovery document of an issuer whose JWKS is at {@code jwksUri}. */
  public static String discovery(String issuer, String jwksUri) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", issuer);
    document.put("jwks_uri", jwksUri);
    document.put("id_token_signing_alg_values_supported", List.of("RS256"));
    return json(document);
  }

  /** Claims of an access token valid for five minutes from {@code now}. */
  public static Map<String, Object> claims(String issuer, Instant now) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("sub", "ci-pipeline");
    claims.put("aud", List.of("governor-ingest", "account"));
    claims.put("scope", "profile governor:write");
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plusSeconds(300).getEpochSecond());
    return claims;
  }

  /** A JWT signed with RS256 (an RSA key) or ES256 (an EC key) under {@code kid}. */
  public static String sign(String kid, PrivateKey key, Map<String, Object> claims) {
    boolean rsa = key.getAlgorithm().equals("RSA");
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", rsa ? "RS256" : "ES256");
    header.put("typ", "JWT");
    header.put("kid", kid);
    String signingInput = part(header) + "." + part(claims);
    try {
      Signature signature =
          Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JWT with this header and no signature check at all behind it: for forgeries. */
  public static String unsigned(
      Map<String, Object> header, Map<String, Object> claims, byte[] sig) {
    return part(header) + "." + part(claims) + "." + BASE64URL.encodeToString(sig);
  }

  /** The base64url of a JSON object, as a JWT carries its header and payload. */
  public static String part(Map<String, Object> object) {
    return BASE64URL.encodeToString(json(object).getBytes(StandardCharsets.UTF_8));
  }

  private static String unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (bytes.length < length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      bytes = padded;
    }
    return BASE64URL.encodeToString(bytes);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
