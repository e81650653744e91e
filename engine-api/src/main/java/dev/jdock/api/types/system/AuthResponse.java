package dev.jdock.api.types.system;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The reply to {@code POST /auth} (moby's {@code AuthenticateOKBody}): the status text and an identity token
 * ({@code ""}: the client keeps using the credentials it sent).
 */
public record AuthResponse(
        @JsonProperty("IdentityToken") String identityToken,
        @JsonProperty("Status") String status) {

    /** A login the registry accepted, without an identity token. */
    public static final AuthResponse SUCCEEDED = new AuthResponse("", "Login Succeeded");
}
