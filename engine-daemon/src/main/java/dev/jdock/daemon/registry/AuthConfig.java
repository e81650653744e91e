package dev.jdock.daemon.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.Json;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials for one registry as API clients send them ({@code X-Registry-Auth}, {@code POST /auth} body). All fields
 * may be null; {@link #ANONYMOUS} has none.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AuthConfig(
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("auth") String auth,
        @JsonProperty("serveraddress") String serverAddress,
        @JsonProperty("identitytoken") String identityToken,
        @JsonProperty("registrytoken") String registryToken) {

    public static final AuthConfig ANONYMOUS = new AuthConfig(null, null, null, null, null, null);

    /**
     * Decodes an {@code X-Registry-Auth} header: base64url (padded or not; standard base64 accepted too) of a JSON
     * object. Absent, empty, {@code {}} and {@code null} are anonymous; anything undecodable is a 400.
     */
    public static AuthConfig fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return ANONYMOUS;
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(header.trim().replace('+', '-').replace('/', '_'));
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid X-Registry-Auth header: " + e.getMessage());
        }
        return fromJson(json);
    }

    /** Parses a JSON auth object; {@code null} or empty is anonymous. */
    public static AuthConfig fromJson(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8).trim();
        if (text.isEmpty() || text.equals("null")) {
            return ANONYMOUS;
        }
        try {
            AuthConfig a = Json.mapper().readValue(text, AuthConfig.class);
            return a == null ? ANONYMOUS : a.expandAuth();
        } catch (IOException e) {
            throw EngineException.invalid("invalid X-Registry-Auth header: " + e.getMessage());
        }
    }

    /** Fills username/password from {@code auth} (base64 {@code user:pass}) when only that is given. */
    private AuthConfig expandAuth() {
        if ((username == null || username.isEmpty()) && auth != null && !auth.isEmpty()) {
            String up = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            int colon = up.indexOf(':');
            if (colon > 0) {
                return new AuthConfig(up.substring(0, colon), up.substring(colon + 1), auth, serverAddress,
                        identityToken, registryToken);
            }
        }
        return this;
    }

    public boolean hasBasic() {
        return username != null && !username.isEmpty() && password != null;
    }

    public boolean isAnonymous() {
        return !hasBasic() && (identityToken == null || identityToken.isEmpty())
                && (registryToken == null || registryToken.isEmpty());
    }

    /** {@code Basic base64(user:pass)}. */
    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A key for caches: who is asking (never the password in clear). */
    String identity() {
        return isAnonymous() ? "" : username + ":" + Integer.toHexString((password + identityToken).hashCode());
    }

    @Override
    public String toString() {
        return "AuthConfig[username=" + username + ", serverAddress=" + serverAddress + "]";
    }
}
