package dev.jdock.api.types.system;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials for one registry as API clients send them (moby's registry.AuthConfig): the JSON of the
 * {@code X-Registry-Auth} header and the {@code POST /auth} body. All fields may be null; {@link #ANONYMOUS} has none.
 * Read with {@code Json.mapper()}: the keys are matched exactly (lower case, as every client sends them), unknown
 * keys are ignored. {@link #toString} never shows a password, {@code auth} or a token.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AuthConfig(
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("auth") String auth,
        @JsonProperty("email") String email,
        @JsonProperty("serveraddress") String serverAddress,
        @JsonProperty("identitytoken") String identityToken,
        @JsonProperty("registrytoken") String registryToken) {

    public static final AuthConfig ANONYMOUS = new AuthConfig(null, null, null, null, null, null, null);

    /** Username and password, nothing else (what {@code docker login} sends, less the server). */
    public static AuthConfig basic(String username, String password) {
        return new AuthConfig(username, password, null, null, null, null, null);
    }

    /**
     * Fills username/password from {@code auth} (base64 {@code user:pass}) when only that is given.
     *
     * @throws IllegalArgumentException when {@code auth} is not base64
     */
    public AuthConfig expandAuth() {
        if ((username == null || username.isEmpty()) && auth != null && !auth.isEmpty()) {
            String up = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            int colon = up.indexOf(':');
            if (colon > 0) {
                return new AuthConfig(up.substring(0, colon), up.substring(colon + 1), auth, email, serverAddress,
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

    /** The username and server only: the record is logged and shown in errors, its secrets never are. */
    @Override
    public String toString() {
        return "AuthConfig[username=" + username + ", serverAddress=" + serverAddress + "]";
    }
}
