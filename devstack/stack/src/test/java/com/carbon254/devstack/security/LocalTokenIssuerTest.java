package com.carbon254.devstack.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class LocalTokenIssuerTest {

    @TempDir
    Path folder;

    @Test
    void aMintedTokenVerifiesWithThePublicKeyFileAndCarriesItsClaims() throws Exception {
        LocalTokenIssuer issuer = LocalTokenIssuer.inFolder(folder);
        String token = issuer.issue("alice", Set.of("events:write", "datasets:read"), Duration.ofMinutes(5));

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(verifies(token, readPem(issuer.publicKeyFile()))).isTrue();
        JsonNode header = decode(parts[0]);
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        JsonNode claims = decode(parts[1]);
        assertThat(claims.path("iss").asText()).isEqualTo(LocalTokenIssuer.DEFAULT_ISSUER);
        assertThat(claims.path("sub").asText()).isEqualTo("alice");
        assertThat(claims.path("groups")).extracting(JsonNode::asText).containsExactly("datasets:read", "events:write");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
        assertThat(issuer.quarkusConfig()).containsEntry(LocalTokenIssuer.ISSUER_KEY, LocalTokenIssuer.DEFAULT_ISSUER)
                .containsEntry(LocalTokenIssuer.PUBLIC_KEY_LOCATION_KEY, issuer.publicKeyFile().toUri().toString());
    }

    @Test
    void theKeyIsGeneratedOnceThenReused() throws Exception {
        String first = LocalTokenIssuer.inFolder(folder).issue("bob", Set.of(), Duration.ofMinutes(1));
        String publicKey = Files.readString(folder.resolve(LocalTokenIssuer.PUBLIC_KEY_FILE));

        LocalTokenIssuer again = LocalTokenIssuer.inFolder(folder);

        assertThat(Files.readString(again.publicKeyFile())).isEqualTo(publicKey);
        assertThat(verifies(first, readPem(again.publicKeyFile()))).isTrue();
    }

    @Test
    void aTokenOfAnotherKeyDoesNotVerify(@TempDir Path otherFolder) throws Exception {
        String foreign = LocalTokenIssuer.inFolder(otherFolder).issue("mallory", Set.of("platform:admin"),
                Duration.ofMinutes(1));

        assertThat(verifies(foreign, readPem(LocalTokenIssuer.inFolder(folder).publicKeyFile()))).isFalse();
    }

    @Test
    void theLocalTokensCoverEveryRoleAndTheAdminHoldsThemAll() {
        var tokens = LocalToken.issueAll(LocalTokenIssuer.inFolder(folder));

        assertThat(tokens).containsOnlyKeys("TOKEN_EVENTS_WRITER", "TOKEN_DATASETS_WRITER", "TOKEN_DATASETS_READER",
                "TOKEN_AUDIT_WRITER", "TOKEN_ADMIN");
        assertThat(LocalToken.ADMIN.roles()).containsExactlyInAnyOrder(LocalToken.EVENTS_WRITE,
                LocalToken.DATASETS_WRITE, LocalToken.DATASETS_READ, LocalToken.AUDIT_WRITE, LocalToken.PLATFORM_ADMIN);
    }

    private static boolean verifies(String token, PublicKey key) throws Exception {
        int lastDot = token.lastIndexOf('.');
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(token.substring(lastDot + 1)));
    }

    private static PublicKey readPem(Path file) throws Exception {
        String base64 = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static JsonNode decode(String part) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(part));
    }
}
