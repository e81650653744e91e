package dev.jdock.daemon.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a registry error answer into Docker's message: the distribution body
 * {@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}} becomes
 * {@code manifest unknown: manifest unknown}; the HTTP status picks the error kind.
 */
final class RegistryErrors {
    private RegistryErrors() {
    }

    /** The list of {@code code} values in the body (e.g. BLOB_UNKNOWN), empty when there is no error body. */
    static List<String> codes(byte[] body) {
        List<String> out = new ArrayList<>();
        JsonNode errors = parse(body).path("errors");
        errors.forEach(e -> out.add(e.path("code").asText()));
        return out;
    }

    static String message(int status, byte[] body) {
        JsonNode root = parse(body);
        List<String> parts = new ArrayList<>();
        for (JsonNode e : root.path("errors")) {
            String code = e.path("code").asText("").toLowerCase(Locale.ROOT).replace('_', ' ');
            String msg = e.path("message").asText("");
            parts.add(code.isEmpty() ? msg : code + ": " + msg);
        }
        if (!parts.isEmpty()) {
            return String.join(", ", parts);
        }
        if (root.hasNonNull("details")) {
            return root.get("details").asText();
        }
        return switch (status) {
            case 401 -> "unauthorized: authentication required";
            case 403 -> "denied: requested access to the resource is denied";
            case 404 -> "not found";
            default -> "unexpected status code " + status + snippet(body);
        };
    }

    static EngineException toException(int status, byte[] body, String prefix) {
        ErrorKind kind = switch (status) {
            case 400 -> ErrorKind.INVALID_PARAMETER;
            case 401 -> ErrorKind.UNAUTHORIZED;
            case 403 -> ErrorKind.FORBIDDEN;
            case 404 -> ErrorKind.NOT_FOUND;
            case 429, 502, 503, 504 -> ErrorKind.UNAVAILABLE;
            default -> ErrorKind.SYSTEM;
        };
        String msg = message(status, body);
        return new EngineException(kind, prefix == null || prefix.isEmpty() ? msg : prefix + ": " + msg);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            return Json.mapper().createObjectNode();
        }
    }

    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).trim();
        return s.isEmpty() ? "" : ": " + s;
    }
}
