package dev.jdock.api.types.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.Json;
import dev.jdock.api.types.Golden;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@code POST /auth} bodies and {@code X-Registry-Auth} JSON as clients send them (golden/requests). */
class AuthConfigTest {
    private static AuthConfig read(String json) throws Exception {
        return Json.mapper().readValue(json, AuthConfig.class);
    }

    @Test
    void dockerCliAndDockerPyLogins_lowerCaseKeys() throws Exception {
        AuthConfig expected = new AuthConfig("jtrace", "secret", null, null, "127.0.0.1:47210", null, null);
        assertEquals(expected, read(Golden.load("requests/auth-cli.json")));
        assertEquals(expected, read(Golden.load("requests/auth-py.json")));
        assertTrue(expected.hasBasic());
        assertFalse(expected.isAnonymous());
    }

    @Test
    void everyField_andUnknownKeysIgnored() throws Exception {
        AuthConfig a = read("{\"username\":\"u\",\"password\":\"p\",\"auth\":\"dTpw\",\"email\":\"u@x\","
                + "\"serveraddress\":\"r:5000\",\"identitytoken\":\"it\",\"registrytoken\":\"rt\",\"other\":1}");
        assertEquals(new AuthConfig("u", "p", "dTpw", "u@x", "r:5000", "it", "rt"), a);
    }

    @Test
    void keys_matchExactly_asJdockdAlwaysHas() throws Exception {
        // dockerd's Go decoder would take "Username"; jdockd never has, and no client traced sends it
        assertNull(read("{\"Username\":\"u\",\"Password\":\"p\"}").username());
    }

    @Test
    void anIdentityOrRegistryToken_isNotAnonymous_anEmptyOneIs() throws Exception {
        assertTrue(AuthConfig.ANONYMOUS.isAnonymous());
        assertTrue(read("{\"identitytoken\":\"\",\"serveraddress\":\"r\"}").isAnonymous());
        assertFalse(read("{\"identitytoken\":\"tok\"}").isAnonymous());
        assertFalse(read("{\"registrytoken\":\"tok\"}").isAnonymous());
        assertTrue(read("{\"username\":\"u\"}").isAnonymous(), "a username without a password");
    }

    @Test
    void expandAuth_fillsUserAndPasswordFromAuth_onlyWhenNoUsername() throws Exception {
        String auth = Base64.getEncoder().encodeToString("jtrace:se:cret".getBytes(StandardCharsets.UTF_8));
        AuthConfig a = read("{\"auth\":\"" + auth + "\",\"serveraddress\":\"r\"}").expandAuth();
        assertEquals("jtrace", a.username());
        assertEquals("se:cret", a.password());
        AuthConfig named = AuthConfig.basic("other", "pw");
        assertSame(named, named.expandAuth());
        assertThrows(IllegalArgumentException.class, () -> read("{\"auth\":\"%%\"}").expandAuth());
    }

    @Test
    void toString_neverShowsAPasswordAuthOrToken() {
        AuthConfig a = new AuthConfig("jtrace", "pw-secret", "YXV0aC1zZWNyZXQ=", "e@x", "r:5000", "id-secret",
                "reg-secret");
        String s = a.toString();
        assertEquals("AuthConfig[username=jtrace, serverAddress=r:5000]", s);
        for (String secret : new String[] {"pw-secret", "YXV0aC1zZWNyZXQ=", "id-secret", "reg-secret"}) {
            assertFalse(s.contains(secret), secret);
        }
    }
}
