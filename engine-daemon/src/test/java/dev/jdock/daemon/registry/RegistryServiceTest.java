package dev.jdock.daemon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import org.junit.jupiter.api.Test;

class RegistryServiceTest {
    @Test
    void requireHost_addressNoUrlCanHold_isInvalidParameter() {
        for (String address : new String[] {"ht!tp://x y:z", "a b", "x:y:z", "[zz"}) {
            EngineException e = assertThrows(EngineException.class,
                    () -> RegistryService.requireHost(address, RegistryService.domainOf(address)), address);
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), address);
            assertEquals("unable to parse server address: " + address, e.getMessage());
        }
    }

    @Test
    void requireHost_registryAddresses_pass() {
        for (String address : new String[] {"", "https://index.docker.io/v1/", "localhost:5000", "http://10.0.0.1:5000/x",
                "registry.example.com", "[::1]:5000"}) {
            RegistryService.requireHost(address, RegistryService.domainOf(address));
        }
    }
}
