package com.carbon254.devstack.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The local stand-in for an identity provider: an RSA signing key pair kept in a state folder (generated on first
 * use, then reused) and bearer tokens (RS256 JWTs) signed with it for given roles. {@code ./platform up} keeps its
 * key in {@code .platform/jwt/}; tests use one in a temporary folder ({@code testing.TestTokens}). The services
 * verify the tokens with the public key ({@link #quarkusConfig()}); in production an IdP signs them instead.
 *
 * <p>Plain JCA and a few lines of JWS encoding, so that the devstack stays free of Quarkus and JWT libraries.
 */
public final class LocalTokenIssuer {

    /** The issuer ({@code iss}) the services expect by default ({@code mp.jwt.verify.issuer}). */
    public static final String DEFAULT_ISSUER = "https://254carbon.local";
    /** Configuration key of the services' verification key (a PEM public key, or an IdP's JWKS URL in production). */
    public static final String PUBLIC_KEY_LOCATION_KEY = "mp.jwt.verify.publickey.location";
    /** Configuration key of the issuer the services accept. */
    public static final String ISSUER_KEY = "mp.jwt.verify.issuer";

    static final String PRIVATE_KEY_FILE = "signing-key.pem";
    static final String PUBLIC_KEY_FILE = "public-key.pem";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL.encodeToString(
            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final Path folder;
    private final String issuer;
    private final PrivateKey signingKey;
    private final PublicKey publicKey;

    private LocalTokenIssuer(Path folder, String issuer, PrivateKey signingKey, PublicKey publicKey) {
        this.folder = folder;
        this.issuer = issuer;
        this.signingKey = signingKey;
        this.publicKey = publicKey;
    }

    /** The issuer whose key pair is in {@code folder}, generated there (2048-bit RSA, PEM files) if absent. */
    public static LocalTokenIssuer inFolder(Path folder) {
        return inFolder(folder, DEFAULT_ISSUER);
    }

    /** As {@link #inFolder(Path)}, with another {@code iss}. */
    public static synchronized LocalTokenIssuer inFolder(Path folder, String issuer) {
        try {
            Path privateFile = folder.resolve(PRIVATE_KEY_FILE);
            Path publicFile = folder.resolve(PUBLIC_KEY_FILE);
            if (Files.isRegularFile(privateFile) && Files.isRegularFile(publicFile)) {
                PrivateKey privateKey = readPrivateKey(privateFile);
                PublicKey publicKey = publicKeyOf(privateKey);
                // Rewritten from the private key, so that the services never verify with a stale public key.
                Files.writeString(publicFile, pem("PUBLIC KEY", publicKey.getEncoded()));
                return new LocalTokenIssuer(folder, issuer, privateKey, publicKey);
            }
            Files.createDirectories(folder);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            // The public key first: a reader that finds the private key finds its public key too.
            Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Path temporary = Files.createTempFile(folder, PRIVATE_KEY_FILE, ".tmp");
            Files.writeString(temporary, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.move(temporary, privateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new LocalTokenIssuer(folder, issuer, pair.getPrivate(), pair.getPublic());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the JWT signing key in " + folder, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate or read the JWT signing key in " + folder, e);
        }
    }

    /** The {@code iss} of the tokens. */
    public String issuer() {
        return issuer;
    }

    /** The PEM file of the public key, which the services verify tokens with. */
    public Path publicKeyFile() {
        return folder.resolve(PUBLIC_KEY_FILE);
    }

    /** The public key (for verifying in a test). */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The configuration that makes a service accept this issuer's tokens (SmallRye JWT keys). */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(PUBLIC_KEY_LOCATION_KEY, publicKeyFile().toAbsolutePath().toUri().toString());
        config.put(ISSUER_KEY, issuer);
        return config;
    }

    /** A token for {@code subject} holding {@code roles} (its {@code groups} claim), valid from now for {@code lifetime}. */
    public String issue(String subject, Set<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        return issue(subject, roles, now, now.plus(lifetime));
    }

    /** A token valid from {@code issuedAt} to {@code expiresAt} (a past {@code expiresAt} makes an expired one). */
    public String issue(String subject, Set<String> roles, Instant issuedAt, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", List.copyOf(new TreeSet<>(roles)));
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        try {
            String signingInput = HEADER + "." + BASE64URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(signingKey);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rs256.sign());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static PublicKey publicKeyOf(PrivateKey privateKey) throws GeneralSecurityException {
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    }
}
