package dev.jdock.daemon.registry;

import dev.jdock.api.Json;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reading {@link AuthConfig}s off the wire, and what the registry client derives from one. */
public final class RegistryAuth {
    private RegistryAuth() {
    }

    /**
     * Decodes an {@code X-Registry-Auth} header: base64url (padded or not; standard base64 accepted too) of a JSON
     * object. Absent, empty, {@code {}} and {@code null} are anonymous; anything undecodable is a 400.
     */
    public static AuthConfig fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return AuthConfig.ANONYMOUS;
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(header.trim().replace('+', '-').replace('/', '_'));
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid X-Registry-Auth header: " + e.getMessage());
        }
        return fromJson(json);
    }

    /** Parses a JSON auth object ({@code POST /auth}'s body); {@code null} or empty is anonymous. */
    public static AuthConfig fromJson(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8).trim();
        if (text.isEmpty() || text.equals("null")) {
            return AuthConfig.ANONYMOUS;
        }
        try {
            AuthConfig a = Json.mapper().readValue(text, AuthConfig.class);
            return a == null ? AuthConfig.ANONYMOUS : a.expandAuth();
        } catch (IOException e) {
            throw EngineException.invalid("invalid X-Registry-Auth header: " + e.getMessage());
        }
    }

    /** {@code Basic base64(user:pass)}. */
    static String basicHeader(AuthConfig a) {
        return "Basic " + Base64.getEncoder().encodeToString((a.username() + ":" + a.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A key for caches: who is asking (never the password in clear). */
    static String identity(AuthConfig a) {
        return a.isAnonymous() ? "" : a.username() + ":" + Integer.toHexString((a.password() + a.identityToken())
                .hashCode());
    }
}
